// Go-style shortening of allocating expressions read from the source text.
#include "SourceSpelling.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cctype>

namespace escape_check {
namespace {

bool isIdentChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
}

/// Index just past the bracket that closes the one at Open, or npos when the
/// line ends first (the expression continues on the next line).
size_t skipBalanced(llvm::StringRef S, size_t Open) {
  char O = S[Open];
  char C = O == '(' ? ')' : O == '{' ? '}' : O == '[' ? ']' : '>';
  int Depth = 0;
  for (size_t I = Open; I < S.size(); ++I) {
    char Ch = S[I];
    if (Ch == '"' || Ch == '\'') { // skip literals
      for (++I; I < S.size() && S[I] != Ch; ++I)
        if (S[I] == '\\')
          ++I;
      continue;
    }
    if (Ch == O)
      ++Depth;
    else if (Ch == C && --Depth == 0)
      return I + 1;
    else if (O == '<' && (Ch == ';' || Ch == '{'))
      return llvm::StringRef::npos;
  }
  return llvm::StringRef::npos;
}

size_t skipSpaces(llvm::StringRef S, size_t I) {
  while (I < S.size() && std::isspace(static_cast<unsigned char>(S[I])))
    ++I;
  return I;
}

/// A qualified name with template arguments: std::make_unique<Node>.
size_t scanName(llvm::StringRef S, size_t I) {
  size_t Start = I;
  while (I < S.size()) {
    if (isIdentChar(S[I])) {
      ++I;
    } else if (S.substr(I).starts_with("::")) {
      I += 2;
    } else if (S[I] == '<' && I > Start) {
      size_t E = skipBalanced(S, I);
      if (E == llvm::StringRef::npos)
        break;
      I = E;
    } else {
      break;
    }
  }
  return I;
}

std::string collapseSpaces(llvm::StringRef S) {
  std::string Out;
  bool Space = false;
  for (char C : S.trim()) {
    if (std::isspace(static_cast<unsigned char>(C))) {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

/// "(...)", "()", "{...}", "{}", "[...]": arguments are elided as Go does.
std::string shortenedArgs(llvm::StringRef S, size_t Open) {
  char O = S[Open];
  char C = O == '(' ? ')' : O == '{' ? '}' : ']';
  size_t E = skipBalanced(S, Open);
  bool Empty = E != llvm::StringRef::npos &&
               S.slice(Open + 1, E - 1).trim().empty();
  return Empty ? std::string{O, C} : std::string{O} + "..." + C;
}

std::string shortenNew(llvm::StringRef S, size_t I) {
  // new [(placement)] Type [(args) | {args} | [n]]
  I = skipSpaces(S, I + 3);
  std::string Out = "new ";
  if (I < S.size() && S[I] == '(') {
    size_t E = skipBalanced(S, I);
    if (E == llvm::StringRef::npos)
      return "new";
    Out += "(...) ";
    I = skipSpaces(S, E);
  }
  size_t TypeStart = I;
  // The type: names, qualifiers, '*', '&' up to the initialiser.
  while (I < S.size()) {
    char Ch = S[I];
    if (isIdentChar(Ch) || Ch == ':' || Ch == '*' || Ch == '&' || Ch == ' ') {
      ++I;
    } else if (Ch == '<') {
      size_t E = skipBalanced(S, I);
      if (E == llvm::StringRef::npos)
        break;
      I = E;
    } else {
      break;
    }
  }
  Out += collapseSpaces(S.slice(TypeStart, I));
  if (I < S.size() && (S[I] == '(' || S[I] == '{' || S[I] == '['))
    Out += shortenedArgs(S, I);
  return Out;
}

} // namespace

std::string shortenExpression(llvm::StringRef Line, unsigned Column) {
  if (Column == 0 || Column > Line.size())
    return "";
  size_t I = Column - 1;
  llvm::StringRef Rest = Line.substr(I);
  if (Rest.starts_with("new") && (Rest.size() == 3 || !isIdentChar(Rest[3])))
    return shortenNew(Line, I);
  if (Rest.starts_with("::new"))
    return shortenNew(Line, I + 2);
  // A call: the location is the callee's name, or for member calls the
  // member's name; include a simple object expression before it.
  size_t Begin = I;
  while (Begin > 0 && isIdentChar(Line[Begin - 1]))
    --Begin;
  for (;;) {
    size_t B = Begin;
    if (B >= 1 && Line[B - 1] == '.')
      B -= 1;
    else if (B >= 2 && Line.slice(B - 2, B) == "->")
      B -= 2;
    else if (B >= 2 && Line.slice(B - 2, B) == "::")
      B -= 2;
    else
      break;
    size_t NameEnd = B;
    while (B > 0 && isIdentChar(Line[B - 1]))
      --B;
    if (B == NameEnd)
      break;
    Begin = B;
  }
  size_t End = scanName(Line, I);
  if (End == I)
    return "";
  size_t Open = skipSpaces(Line, End);
  std::string Name = collapseSpaces(Line.slice(Begin, End));
  if (Open < Line.size() && (Line[Open] == '(' || Line[Open] == '{'))
    return Name + shortenedArgs(Line, Open);
  return Name;
}

struct SourceCache::Entry {
  std::unique_ptr<llvm::MemoryBuffer> Buffer;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
};

SourceCache::SourceCache() = default;
SourceCache::~SourceCache() = default;

llvm::StringRef SourceCache::line(llvm::StringRef File, unsigned Line) {
  if (Reader)
    if (std::optional<llvm::StringRef> Text = Reader(File, Line))
      return Text->rtrim('\r');
  auto &Slot = Files[File];
  if (!Slot) {
    Slot = std::make_unique<Entry>();
    if (auto B = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
      Slot->Buffer = std::move(*B);
      Slot->Buffer->getBuffer().split(Slot->Lines, '\n');
    }
  }
  if (Line == 0 || Line > Slot->Lines.size())
    return "";
  return Slot->Lines[Line - 1].rtrim('\r');
}

std::string SourceCache::spelling(llvm::StringRef File, unsigned Line,
                                  unsigned Column, llvm::StringRef Fallback) {
  std::string S = shortenExpression(this->line(File, Line), Column);
  return S.empty() ? Fallback.str() : S;
}

} // namespace escape_check
