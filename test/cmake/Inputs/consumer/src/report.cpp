#include "shapes/shapes.h"

#include <cstdio>

int main(int argc, char **) {
  Rect R{.W = 3, .H = argc};
  std::printf("%d %d\n", area(R), perimeter(R));
}
