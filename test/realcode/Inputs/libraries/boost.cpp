// Boost as projects use it: string algorithms, containers, optional, format.
#include <boost/algorithm/string.hpp>
#include <boost/container/flat_map.hpp>
#include <boost/optional.hpp>
#include <boost/format.hpp>
#include <string>
#include <vector>

std::vector<std::string> words(const std::string &Line) {
  std::vector<std::string> Out;
  boost::split(Out, Line, boost::is_any_of(" \t"), boost::token_compress_on);
  for (std::string &W : Out)
    boost::to_lower(W);
  return Out;
}

boost::optional<int> lookup(const boost::container::flat_map<std::string, int> &M,
                            const std::string &K) {
  auto It = M.find(K);
  if (It == M.end())
    return boost::none;
  return It->second;
}

std::string describe(int N, double X) { return (boost::format("%1%: %2%") % N % X).str(); }
