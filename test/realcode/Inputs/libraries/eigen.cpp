// Eigen found through -I/usr/include/eigen3 (what `pkg-config eigen3` says).
#include <Eigen/Dense>

double norm2(const Eigen::MatrixXd &M) {
  Eigen::MatrixXd P = M * M.transpose();
  return P.norm();
}

Eigen::VectorXd solve(const Eigen::MatrixXd &A, const Eigen::VectorXd &B) {
  return A.colPivHouseholderQr().solve(B);
}
