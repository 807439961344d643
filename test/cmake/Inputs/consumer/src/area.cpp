#include "shapes/shapes.h"
#include "vendor/vendor.h"

static consteval int scale() { return SHAPES_SCALE; }
static int mul(int A, int B) { return A * B; }

int area(Rect R) { return vendorScale(mul(R.W, R.H)) * scale(); }
