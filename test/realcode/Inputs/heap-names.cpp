#include <map>
#include <string>
#include <vector>

std::string once() { return "once"; }

std::vector<std::string> names() {
  std::vector<std::string> V;
  V.push_back("a name long enough for the heap");
  return V;
}

int count(std::map<std::string, int> &M) { return M["key"]; }

std::string join(const std::string &A, const std::string &B) { return A + B; }

struct Named { std::string N; };
Named named(const char *C) { return Named{C}; }

std::string tagged(const std::string &A) { return A + " (a suffix too long to show)"; }
