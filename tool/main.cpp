// escape-check: Go's -gcflags=-m for C++.
#include "EscapeCheckMain.h"

#include "llvm/Support/InitLLVM.h"

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  return escape_check::runEscapeCheck(argc, argv);
}
