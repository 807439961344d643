// Threads::Threads, an option behind $<COMPILE_LANGUAGE:CXX> and a
// definition set on this source file only.
#if !defined(LANGUAGE_OPTION) || !defined(SOURCE_DEFINITION)
#error "the lint lost a $<COMPILE_LANGUAGE> option or a source property"
#endif
#include <thread>
#include <vector>

int sum(int N) {
  std::vector<int> Parts(2);
  std::thread T([&Parts, N] { Parts[0] = N; });
  Parts[1] = N;
  T.join();
  return Parts[0] + Parts[1];
}
