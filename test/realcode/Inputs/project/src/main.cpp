#include "mine.h"
#include "theirs.h"
#include <Eigen/Dense>

int use(int A) { return mine(A) + theirs(A); }
double norm2(const Eigen::MatrixXd &M) {
  Eigen::MatrixXd P = M * M.transpose();
  return P.norm();
}
