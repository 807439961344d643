// A translation unit using Boost.Log the way its tutorial does (a file sink
// with a formatter, a severity filter, trivial logging): thousands of calls
// inside library templates, a few dozen in this file. The heavy case for
// the plugin's overhead with remarks on (bench/plugin/run.sh).
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/trivial.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/log/utility/setup/file.hpp>

#include <string>
#include <vector>

namespace logging = boost::log;
namespace expr = boost::log::expressions;
namespace keywords = boost::log::keywords;

static void init(const std::string &Path) {
  logging::add_file_log(
      keywords::file_name = Path, keywords::rotation_size = 10 * 1024 * 1024,
      keywords::format = expr::stream
                         << expr::attr<unsigned>("LineID") << ": <"
                         << logging::trivial::severity << "> "
                         << expr::smessage);
  logging::core::get()->set_filter(logging::trivial::severity >=
                                   logging::trivial::info);
  logging::add_common_attributes();
}

int main(int argc, char **argv) {
  init("app_%N.log");
  std::vector<std::string> Args(argv, argv + argc);
  for (const std::string &A : Args)
    BOOST_LOG_TRIVIAL(info) << "argument " << A;
  BOOST_LOG_TRIVIAL(warning) << Args.size() << " arguments";
  return 0;
}
