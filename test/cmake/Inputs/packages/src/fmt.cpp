// fmt::fmt: -DFMT_SHARED, fmt's headers in /usr/include.
#ifndef FMT_SHARED
#error "the lint lost fmt::fmt's compile definition"
#endif
#include <fmt/format.h>

#include <string>

std::string *label(int Id) { return new std::string(fmt::format("#{}", Id)); }
