// The shapes library's interface.
#pragma once
#ifndef SHAPES_SCALE
#error "SHAPES_SCALE comes from shapes-config's usage requirements"
#endif
#if __cplusplus < 202002L
#error "shapes needs C++20 (target_compile_features)"
#endif

struct Rect {
  int W, H;
};

int area(Rect R);
int perimeter(Rect R);
