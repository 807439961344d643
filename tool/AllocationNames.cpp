// Names of constructions, new-expressions and operator calls, read through
// AST matchers (their traversal lives in libclang-cpp, as in SourceCalls.cpp).
#include "AllocationNames.h"

#include "AstNames.h"
#include "PresumedPaths.h"
#include "UserTraversalScope.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Path.h"

#include <cctype>

namespace escape_check {
namespace {

/// The source text of E, or "" when it is long or spans lines.
std::string shortText(const clang::Expr *E, const clang::ASTContext &Ctx,
                      size_t Max) {
  const clang::SourceManager &SM = Ctx.getSourceManager();
  clang::CharSourceRange Range = clang::CharSourceRange::getTokenRange(
      SM.getExpansionRange(E->getSourceRange()).getAsRange());
  llvm::StringRef Text =
      clang::Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  if (Text.size() > Max || Text.contains('\n'))
    return "";
  return Text.str();
}

/// A literal or a variable argument is shown as written ("once", C);
/// anything else, and anything long, is "..." as in the names the source
/// text gives.
std::string argumentText(const clang::Expr *Arg, const clang::ASTContext &Ctx) {
  const clang::Expr *E = Arg->IgnoreImplicit();
  if (!llvm::isa<clang::StringLiteral>(E) &&
      !llvm::isa<clang::IntegerLiteral>(E) &&
      !llvm::isa<clang::FloatingLiteral>(E) &&
      !llvm::isa<clang::CharacterLiteral>(E) &&
      !llvm::isa<clang::CXXBoolLiteralExpr>(E) &&
      !llvm::isa<clang::DeclRefExpr>(E))
    return "...";
  std::string Text = shortText(E, Ctx, 24);
  return Text.empty() ? "..." : Text;
}

/// A place named by variables, members and literal or variable subscripts
/// (`w.name`, `p->items`, `a[1]`, `this->buf`): what an assignment or a
/// subscript operates on, shown as written when short.
bool isNamedPlace(const clang::Expr *E) {
  E = E->IgnoreImplicit();
  if (llvm::isa<clang::DeclRefExpr>(E) || llvm::isa<clang::CXXThisExpr>(E))
    return true;
  if (const auto *M = llvm::dyn_cast<clang::MemberExpr>(E))
    return isNamedPlace(M->getBase());
  auto Index = [](const clang::Expr *I) {
    I = I->IgnoreImplicit();
    return llvm::isa<clang::IntegerLiteral>(I) ||
           llvm::isa<clang::StringLiteral>(I) ||
           llvm::isa<clang::DeclRefExpr>(I);
  };
  if (const auto *A = llvm::dyn_cast<clang::ArraySubscriptExpr>(E))
    return isNamedPlace(A->getBase()) && Index(A->getIdx());
  if (const auto *O = llvm::dyn_cast<clang::CXXOperatorCallExpr>(E))
    return O->getOperator() == clang::OO_Subscript && O->getNumArgs() == 2 &&
           isNamedPlace(O->getArg(0)) && Index(O->getArg(1));
  return false;
}

/// An operand of an operator shown by its operands: as an argument, or a
/// named place as written.
std::string operandText(const clang::Expr *Arg, const clang::ASTContext &Ctx) {
  const clang::Expr *E = Arg->IgnoreImplicit();
  if (llvm::isa<clang::DeclRefExpr>(E) || !isNamedPlace(E))
    return argumentText(Arg, Ctx);
  std::string Text = shortText(E, Ctx, 24);
  return Text.empty() ? "..." : Text;
}

/// An operator call too long to show whole, by its operands as arguments
/// are shown (and a named place as written): `Name + "..."`, `M[...]`,
/// `w.name = ...`, `a[1] = ...`; "" for other operators.
std::string operatorText(const clang::CXXOperatorCallExpr *E,
                         const clang::ASTContext &Ctx) {
  if (E->getNumArgs() != 2)
    return "";
  std::string L = operandText(E->getArg(0), Ctx);
  std::string R = operandText(E->getArg(1), Ctx);
  if (E->getOperator() == clang::OO_Subscript)
    return L + "[" + R + "]";
  if (!E->isInfixBinaryOp())
    return "";
  return L + " " + clang::getOperatorSpelling(E->getOperator()) + " " + R;
}

class Collector : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  Collector(clang::ASTContext &Ctx, AllocationNames &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Out(Out),
        Paths(SM.getFileManager()) {}

  void run(const clang::ast_matchers::MatchFinder::MatchResult &R) override {
    using namespace clang;
    if (const auto *E = R.Nodes.getNodeAs<CXXNewExpr>("new")) {
      std::optional<std::string> T = typeName(Ctx, E->getAllocatedType());
      if (T)
        record(E->getBeginLoc(),
               {"new " + *T + (E->isArray() ? "[...]" : ""), true});
      return;
    }
    if (const auto *E = R.Nodes.getNodeAs<CXXOperatorCallExpr>("operator")) {
      // `A + B`, `M["key"]`: the allocation is the operator's, at its
      // operator or where the expression starts.
      std::string Text = shortText(E, Ctx, 32);
      if (Text.empty())
        Text = operatorText(E, Ctx);
      if (Text.empty())
        return;
      record(E->getExprLoc(), {Text, true});
      record(E->getBeginLoc(), {Text, true});
      return;
    }
    if (const auto *E = R.Nodes.getNodeAs<CXXConstructExpr>("construct")) {
      // The type constructed, not the const temporary it may become.
      std::optional<std::string> T =
          typeName(Ctx, E->getType().getNonReferenceType().getUnqualifiedType());
      if (!T)
        return;
      std::string Args;
      unsigned Shown = 0;
      for (const Expr *A : E->arguments()) {
        if (isa<CXXDefaultArgExpr>(A))
          continue;
        Args += (Shown++ ? ", " : "") + argumentText(A, Ctx);
      }
      AllocationNames::Name Name{*T + "(" + Args + ")",
                                 !E->getConstructor()->isCopyOrMoveConstructor()};
      record(E->getLocation(), Name);
      record(E->getBeginLoc(), Name);
    }
  }

private:
  /// The outermost expression at a position names it (matchers visit
  /// parents first).
  void record(clang::SourceLocation L, const AllocationNames::Name &Name) {
    if (L.isInvalid())
      return;
    L = SM.getExpansionLoc(L);
    clang::PresumedLoc P = SM.getPresumedLoc(L);
    if (P.isInvalid())
      return;
    Out.At.try_emplace(SourcePos{Paths.of(P), P.getLine(), P.getColumn()}, Name);
  }

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  AllocationNames &Out;
  PresumedPaths Paths;
};

class Consumer : public clang::ASTConsumer {
public:
  explicit Consumer(AllocationNames &Out) : Out(Out) {}
  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    using namespace clang::ast_matchers;
    UserTraversalScope Scope(Ctx);
    Collector C(Ctx, Out);
    MatchFinder Finder;
    auto User = unless(isExpansionInSystemHeader());
    Finder.addMatcher(cxxNewExpr(User).bind("new"), &C);
    Finder.addMatcher(cxxConstructExpr(User).bind("construct"), &C);
    Finder.addMatcher(cxxOperatorCallExpr(User).bind("operator"), &C);
    Finder.matchAST(Ctx);
  }

private:
  AllocationNames &Out;
};

} // namespace

/// A name the messages read as a copy of that variable (Finding.cpp).
static bool isBareIdentifier(const std::string &S) {
  if (S.empty() || std::isdigit(static_cast<unsigned char>(S[0])))
    return false;
  for (char C : S)
    if (!std::isalnum(static_cast<unsigned char>(C)) && C != '_')
      return false;
  return true;
}

void AllocationNames::rename(Finding &F) const {
  if (F.Kind != FindingKind::Heap)
    return;
  bool Generic = F.Name == GenericHeapName;
  if (!Generic && !isBareIdentifier(F.Name))
    return;
  auto It = At.find(F.Pos);
  if (It != At.end() && (Generic || It->second.NotACopy))
    F.Name = It->second.Text;
}

std::unique_ptr<clang::ASTConsumer>
makeAllocationNamesConsumer(AllocationNames &Out) {
  return std::make_unique<Consumer>(Out);
}

} // namespace escape_check
