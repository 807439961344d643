// Decisions located in system headers are dropped unless --system-headers;
// user headers are reported. The user's call of a library function is the
// user's, and is reported.
// RUN: %escape-check %s -- -std=c++17 -isystem %S/Inputs/sys/include -I %S/Inputs/user \
// RUN:   | FileCheck %s --implicit-check-not=syslib.h --implicit-check-not="call to"
// RUN: %escape-check --system-headers %s -- -std=c++17 -isystem %S/Inputs/sys/include -I %S/Inputs/user \
// RUN:   | FileCheck %s --check-prefix=SYS
#include <syslib.h>
#include "userlib.h"

int caller(int A) {
  return sys_outer(A) + user_outer(A);
  // CHECK-DAG: userlib.h:3:39: inlining call to user_helper
  // CHECK-DAG: system-headers.cpp:[[@LINE-2]]:10: inlining call to sys_outer
  // CHECK-DAG: system-headers.cpp:[[@LINE-3]]:25: inlining call to user_outer
  // SYS-DAG: syslib.h:3:38: inlining call to sys_helper
  // SYS-DAG: system-headers.cpp:[[@LINE-5]]:10: inlining call to sys_outer
}
