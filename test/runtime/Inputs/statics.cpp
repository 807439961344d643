// Allocation in static constructors and destructors (no signals involved):
// counted whether the trace is preloaded or linked in, before main starts.
#include <cstdlib>
#include <cstring>
#include <unistd.h>

static void *volatile Leaked;

struct Holder {
  void *Blocks[100];
  Holder() {
    for (void *&B : Blocks) { // 6.25 MiB before main: one cycle line
      B = std::malloc(64 * 1024);
      std::memset(B, 1, 16);
    }
  }
  ~Holder() {
    for (void *B : Blocks)
      std::free(B);
    Leaked = std::malloc(10); // allocated in a destructor, never freed
    write(1, "destructor done\n", 16);
  }
};
static Holder H;

int main() {
  write(1, "main\n", 5);
  return 0;
}
