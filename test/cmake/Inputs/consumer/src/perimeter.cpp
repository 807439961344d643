#include "shapes/shapes.h"

static int twice(int X) { return 2 * X; }

int perimeter(Rect R) { return twice(R.W + R.H) * SHAPES_SCALE; }
