// Demangling through LLVM's Itanium demangler, with the return type dropped
// the way Go prints function names (docs/messages.md).
#include "Demangle.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Module.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

namespace escape_check {

static thread_local const KnownNames *Known = nullptr;

UseKnownNames::UseKnownNames(const KnownNames &Names) : Previous(Known) {
  Known = &Names;
}
UseKnownNames::~UseKnownNames() { Known = Previous; }

/// What the installed names say about Symbol. A clone the optimiser made
/// ("f.specialized.1", "f.cold") is named as the function it came from;
/// Suffix gets the demangler's " (.specialized.1)".
static const KnownName *known(llvm::StringRef Symbol, std::string *Suffix) {
  if (!Known || Known->Functions.empty())
    return nullptr;
  const llvm::StringMap<KnownName> &Functions = Known->Functions;
  auto It = Functions.find(Symbol);
  if (It != Functions.end())
    return &It->second;
  size_t Dot = Symbol.find('.');
  if (Dot == llvm::StringRef::npos)
    return nullptr;
  It = Functions.find(Symbol.take_front(Dot));
  if (It == Functions.end())
    return nullptr;
  if (Suffix)
    *Suffix = " (" + Symbol.drop_front(Dot).str() + ")";
  return &It->second;
}

/// libstdc++'s spelled-out names as people write them. Only exact, complete
/// spellings are replaced, so the result is still a correct name.
static void abbreviateStandardNames(std::string &Name) {
  static const std::pair<const char *, const char *> Abbreviations[] = {
      {"std::__cxx11::basic_string<char, std::char_traits<char>, "
       "std::allocator<char>>",
       "std::string"},
      {"std::basic_string<char, std::char_traits<char>, std::allocator<char>>",
       "std::string"},
      {"std::basic_string<char>", "std::string"},
      {"std::basic_ostream<char>", "std::ostream"},
      {"std::basic_istream<char>", "std::istream"},
      {"std::basic_iostream<char>", "std::iostream"},
      {"std::__cxx11::", "std::"},
      {"std::__1::", "std::"},
      {"[abi:cxx11]", ""},
  };
  for (const auto &[Long, Short] : Abbreviations) {
    std::string::size_type At;
    while ((At = Name.find(Long)) != std::string::npos)
      Name.replace(At, std::char_traits<char>::length(Long), Short);
  }
}

/// Inline namespaces that version a library ({fmt}'s fmt::v9::) are not
/// part of the name people write.
static void dropVersionNamespaces(std::string &Name) {
  for (size_t At = 0; (At = Name.find("fmt::v", At)) != std::string::npos;) {
    size_t End = At + 6;
    while (End < Name.size() && std::isdigit(static_cast<unsigned char>(Name[End])))
      ++End;
    bool Whole = End > At + 6 && Name.compare(End, 2, "::") == 0 &&
                 (At == 0 || !(std::isalnum(static_cast<unsigned char>(
                                   Name[At - 1])) ||
                               Name[At - 1] == '_' || Name[At - 1] == ':'));
    if (Whole)
      Name.erase(At + 5, End + 2 - (At + 5));
    else
      At = End;
  }
}

/// Template arguments that standard templates take by default: a trailing
/// std::allocator, std::hash, std::equal_to, std::less, std::char_traits or
/// std::default_delete argument of a std:: template is what the user left
/// out ("std::unordered_map<std::string, JR>"), so it is not shown.
static bool isDefaultArgument(const std::string &Arg) {
  for (const char *T : {"std::allocator<", "std::hash<", "std::equal_to<",
                        "std::less<", "std::char_traits<",
                        "std::default_delete<"})
    if (Arg.compare(0, std::char_traits<char>::length(T), T) == 0)
      return true;
  return false;
}

/// The index of the '>' closing the '<' at Open, or npos.
static size_t closingAngle(const std::string &S, size_t Open) {
  int Depth = 0;
  for (size_t K = Open; K < S.size(); ++K) {
    if (S[K] == '(' ) {
      // Parenthesised parts (function types, expressions) may hold '>'.
      int Parens = 0;
      for (; K < S.size(); ++K) {
        if (S[K] == '(')
          ++Parens;
        else if (S[K] == ')' && --Parens == 0)
          break;
      }
      continue;
    }
    if (S[K] == '<')
      ++Depth;
    else if (S[K] == '>' && --Depth == 0)
      return K;
  }
  return std::string::npos;
}

static std::string dropDefaultArguments(const std::string &Name);
static void elideInternalTemplateArguments(std::string &Name);

/// One template argument list's arguments, split at top-level commas.
static std::vector<std::string> splitArguments(const std::string &List) {
  std::vector<std::string> Args;
  int Depth = 0;
  size_t Start = 0;
  for (size_t K = 0; K < List.size(); ++K) {
    char C = List[K];
    if (C == '<' || C == '(' || C == '[')
      ++Depth;
    else if (C == '>' || C == ')' || C == ']')
      --Depth;
    else if (C == ',' && Depth == 0) {
      Args.push_back(List.substr(Start, K - Start));
      Start = K + 1;
    }
  }
  Args.push_back(List.substr(Start));
  for (std::string &A : Args) {
    size_t B = A.find_first_not_of(' ');
    A = B == std::string::npos ? "" : A.substr(B);
  }
  return Args;
}

static std::string dropDefaultArguments(const std::string &Name) {
  std::string Out;
  for (size_t I = 0; I < Name.size();) {
    if (Name[I] != '<') {
      Out += Name[I++];
      continue;
    }
    // operator<, operator<< and operator<=> are names, not argument lists.
    if (Out.size() >= 8 && Out.compare(Out.size() - 8, 8, "operator") == 0) {
      Out += Name[I++];
      continue;
    }
    size_t Close = closingAngle(Name, I);
    if (Close == std::string::npos) {
      Out.append(Name, I, std::string::npos);
      break;
    }
    size_t NameStart = Out.size();
    while (NameStart > 0 &&
           (std::isalnum(static_cast<unsigned char>(Out[NameStart - 1])) ||
            Out[NameStart - 1] == '_' || Out[NameStart - 1] == ':'))
      --NameStart;
    bool Standard = Out.compare(NameStart, 5, "std::") == 0;
    std::vector<std::string> Args =
        splitArguments(Name.substr(I + 1, Close - I - 1));
    for (std::string &A : Args)
      A = dropDefaultArguments(A);
    while (Standard && Args.size() > 1 && isDefaultArgument(Args.back()))
      Args.pop_back();
    Out += '<';
    for (size_t A = 0; A < Args.size(); ++A)
      Out += (A ? ", " : "") + Args[A];
    Out += '>';
    I = Close + 1;
  }
  return Out;
}

/// Every simplification, in order: the names a C++ programmer writes.
static void simplify(std::string &Name) { simplifyName(Name); }

/// The qualified name of a debug-info namespace ("absl::debian3"), or ""
/// when a scope on the way is no namespace.
static std::string qualifiedName(const llvm::DINamespace *NS) {
  std::string Name;
  for (const llvm::DIScope *S = NS; S; S = S->getScope()) {
    const auto *N = llvm::dyn_cast<llvm::DINamespace>(S);
    if (!N)
      return llvm::isa<llvm::DIFile>(S) || llvm::isa<llvm::DICompileUnit>(S)
                 ? Name
                 : "";
    if (N->getName().empty())
      return ""; // an anonymous namespace
    Name = Name.empty() ? N->getName().str() : N->getName().str() + "::" + Name;
  }
  return Name;
}

std::vector<std::string> inlineNamespacesIn(const llvm::Module &M) {
  llvm::DebugInfoFinder Finder;
  Finder.processModule(M);
  std::set<std::string> Found;
  for (const llvm::DIScope *S : Finder.scopes())
    if (const auto *NS = llvm::dyn_cast<llvm::DINamespace>(S))
      if (NS->getExportSymbols()) {
        std::string Name = qualifiedName(NS);
        if (!Name.empty() && Name.compare(0, 5, "std::") != 0)
          Found.insert(Name);
      }
  return {Found.begin(), Found.end()};
}

/// "absl::debian3::StrCat" -> "absl::StrCat" for each of the unit's inline
/// namespaces, where the qualifier starts a name.
static void dropInlineNamespaces(std::string &Name) {
  if (!Known)
    return;
  for (const std::string &NS : Known->InlineNamespaces) {
    // What goes: "v2::" of "lib::v2::", all of a global "v1::".
    size_t Last = NS.rfind("::");
    size_t Keep = Last == std::string::npos ? 0 : Last + 2;
    std::string From = NS + "::";
    for (size_t At = 0; (At = Name.find(From, At)) != std::string::npos;) {
      bool Starts = At == 0 || !(std::isalnum(static_cast<unsigned char>(
                                     Name[At - 1])) ||
                                 Name[At - 1] == '_' || Name[At - 1] == ':');
      if (Starts)
        Name.erase(At + Keep, From.size() - Keep);
      else
        At += From.size();
    }
  }
}

void simplifyName(std::string &Name) {
  dropInlineNamespaces(Name);
  abbreviateStandardNames(Name);
  dropVersionNamespaces(Name);
  Name = dropDefaultArguments(Name);
  abbreviateStandardNames(Name);
  elideInternalTemplateArguments(Name);
}

/// libstdc++'s internal class templates (std::_Hashtable, std::_Rb_tree,
/// ...) are named with every template argument spelled out, often hundreds
/// of characters that say nothing the user wrote: their arguments are shown
/// as <...>, the way Go shortens what it prints.
static void elideInternalTemplateArguments(std::string &Name) {
  std::string Out;
  Out.reserve(Name.size());
  for (size_t I = 0; I < Name.size();) {
    bool Internal = Name.compare(I, 6, "std::_") == 0 &&
                    (I == 0 || !(std::isalnum(static_cast<unsigned char>(
                                     Name[I - 1])) ||
                                 Name[I - 1] == '_' || Name[I - 1] == ':'));
    if (!Internal) {
      Out += Name[I++];
      continue;
    }
    size_t J = I + 5; // at the '_'
    while (J < Name.size() &&
           (std::isalnum(static_cast<unsigned char>(Name[J])) ||
            Name[J] == '_' || Name.compare(J, 2, "::") == 0))
      J += Name.compare(J, 2, "::") == 0 ? 2 : 1;
    Out.append(Name, I, J - I);
    I = J;
    if (I >= Name.size() || Name[I] != '<')
      continue;
    // Skip the balanced argument list (operator<< and friends never follow
    // a std::_ class name).
    int Depth = 0;
    size_t K = I;
    for (; K < Name.size(); ++K) {
      if (Name[K] == '<')
        ++Depth;
      else if (Name[K] == '>' && --Depth == 0)
        break;
    }
    if (K >= Name.size()) {
      Out.append(Name, I, std::string::npos);
      break;
    }
    Out += "<...>";
    I = K + 1;
  }
  Name = std::move(Out);
}

std::string displayName(llvm::StringRef Symbol) {
  std::string Suffix;
  if (const KnownName *K = known(Symbol, &Suffix))
    return K->Full + Suffix;
  // The partial demangler keeps pointers into the name: it must outlive D.
  std::string Name = Symbol.str();
  // "g" or "f" (C names) are valid Itanium *type* manglings ("__float128",
  // "float"): only symbols that are Itanium encodings get demangled.
  if (!Symbol.starts_with("_Z") && !Symbol.starts_with("___Z"))
    return llvm::demangle(Symbol);
  llvm::ItaniumPartialDemangler D;
  if (D.partialDemangle(Name.c_str()))
    return llvm::demangle(Symbol);
  char *Full = D.finishDemangle(nullptr, nullptr);
  if (!Full)
    return Symbol.str();
  std::string Result(Full);
  std::free(Full);
  if (!D.isFunction()) {
    simplify(Result);
    return Result;
  }
  // Template instances carry their return type in the mangling and print it
  // first ("int const& std::max<int>(...)"); Go-style names omit it.
  if (char *Ret = D.getFunctionReturnType(nullptr, nullptr)) {
    std::string Prefix = std::string(Ret) + " ";
    std::free(Ret);
    if (Result.compare(0, Prefix.size(), Prefix) == 0)
      Result.erase(0, Prefix.size());
  }
  simplify(Result);
  return Result;
}

/// A demangler query that returns a malloc'ed string, as std::string.
template <typename Query>
static std::string ask(Query Q) {
  char *S = Q();
  if (!S)
    return "";
  std::string R(S);
  std::free(S);
  return R;
}

std::string shortName(llvm::StringRef Symbol) {
  if (const KnownName *K = known(Symbol, nullptr))
    return K->Short;
  std::string Name = Symbol.str();
  if (!Symbol.starts_with("_Z") && !Symbol.starts_with("___Z"))
    return llvm::demangle(Symbol);
  llvm::ItaniumPartialDemangler D;
  if (D.partialDemangle(Name.c_str()) || !D.isFunction())
    return displayName(Symbol);
  std::string Context =
      ask([&] { return D.getFunctionDeclContextName(nullptr, nullptr); });
  std::string Base =
      ask([&] { return D.getFunctionBaseName(nullptr, nullptr); });
  if (Base.empty())
    return displayName(Symbol);
  std::string Result = Context.empty() ? Base : Context + "::" + Base;
  simplify(Result);
  return Result;
}

std::string baseName(llvm::StringRef Symbol) {
  if (const KnownName *K = known(Symbol, nullptr))
    return K->Base;
  std::string Name = Symbol.str();
  if (!Symbol.starts_with("_Z") && !Symbol.starts_with("___Z"))
    return Name;
  llvm::ItaniumPartialDemangler D;
  if (D.partialDemangle(Name.c_str()) || !D.isFunction())
    return Name;
  std::string Base =
      ask([&] { return D.getFunctionBaseName(nullptr, nullptr); });
  // operator< and friends keep their '<'.
  size_t Angle = Base.find('<', Base.rfind("operator") == 0 ? 9 : 0);
  if (Angle != std::string::npos && Angle > 0)
    Base.erase(Angle);
  return Base;
}

static bool isTemplateInstance(llvm::StringRef Symbol,
                               const std::string &Short,
                               const std::string &Full) {
  if (const KnownName *K = known(Symbol, nullptr))
    return K->TemplateInstance;
  return Full.compare(0, Short.size() + 1, Short + "<") == 0;
}

std::string levelOneName(llvm::StringRef Symbol,
                         const std::set<std::string> &Overloaded) {
  std::string Short = shortName(Symbol);
  if (!Overloaded.count(Short))
    return Short;
  // An instance of a function template was chosen by deduction, not by
  // the types the user wrote: its name is enough.
  std::string Full = displayName(Symbol);
  return isTemplateInstance(Symbol, Short, Full) ? Short : Full;
}

std::set<std::string> overloadedNames(const std::vector<std::string> &Symbols) {
  // The full signature only where a short name is shared: demangling every
  // symbol of a module in full is most of the cost (a module of library
  // templates has thousands), and a name only one symbol has is no
  // overload.
  std::map<std::string, std::vector<const std::string *>> ByShortName;
  for (const std::string &S : Symbols)
    ByShortName[shortName(S)].push_back(&S);
  std::set<std::string> Overloaded;
  for (const auto &[Short, Group] : ByShortName) {
    if (Group.size() < 2)
      continue;
    // Instances of one function template are one function to its user.
    std::set<std::string> Signatures;
    for (const std::string *S : Group) {
      std::string Full = displayName(*S);
      Signatures.insert(isTemplateInstance(*S, Short, Full) ? "<template>"
                                                              : Full);
      if (Signatures.size() > 1)
        break;
    }
    if (Signatures.size() > 1)
      Overloaded.insert(Short);
  }
  return Overloaded;
}

} // namespace escape_check
