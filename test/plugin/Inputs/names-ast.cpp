// What only the AST knows about a name: which template arguments are the
// defaults the user left out, and what a parameter's type is after
// substitution. The tool drops the defaults; the plugin, with only the
// mangled name, cannot. Both drop the inline namespace (the plugin from
// the debug info). A C++20 constraint is in neither's name, but the
// demangler mistakes the parameter type of a constrained member template.
#include <concepts>
#include <memory>
#include <string>

namespace lib {
inline namespace v2 {
template <typename T> struct Identity { using type = T; };
template <typename T, typename Alloc = std::allocator<T>> struct Holder {
  __attribute__((noinline)) void put(const T &X) { Value = X; }
  T Value{};
};
template <typename T>
__attribute__((noinline)) T pick(typename Identity<T>::type X) { return X; }
} // namespace v2
} // namespace lib

template <typename T> struct Box {
  template <typename U>
    requires std::same_as<U, T>
  __attribute__((noinline)) void set(U V) { Val = V; }
  T Val;
};

int use() {
  lib::Holder<long> H;
  H.put(3);
  Box<int> B;
  B.set(3);
  return int(H.Value) + lib::pick<int>(4) + B.Val;
}

// A constructor template whose one argument is its default: no argument
// list from the AST (the user wrote none), the mangled one from the plugin.
std::string label(const char *C) { return std::string(C); }
