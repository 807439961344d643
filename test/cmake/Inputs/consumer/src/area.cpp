#include "shapes/shapes.h"

static consteval int scale() { return SHAPES_SCALE; }
static int mul(int A, int B) { return A * B; }

int area(Rect R) { return mul(R.W, R.H) * scale(); }
