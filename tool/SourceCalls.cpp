// Which calls are written in the source: AST matchers over user code record
// the call expressions the user spelled, leaving out what the compiler adds
// (destructors, conversions, range-for plumbing, copies).
#include "SourceCalls.h"
#include "PresumedPaths.h"
#include "UserTraversalScope.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "DebugLocation.h"
#include "Demangle.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

#include <set>
#include <tuple>

namespace escape_check {
namespace {

/// The name a declaration gives the function, as the demangler's base name
/// spells it (constructors by their class, destructors with '~').
std::string nameOf(const clang::FunctionDecl *FD) {
  if (!FD)
    return "*";
  if (auto *C = llvm::dyn_cast<clang::CXXConstructorDecl>(FD))
    return C->getParent()->getNameAsString();
  if (auto *D = llvm::dyn_cast<clang::CXXDestructorDecl>(FD))
    return "~" + D->getParent()->getNameAsString();
  return FD->getDeclName().getAsString();
}

/// Collects through AST matchers: their traversal lives in libclang-cpp,
/// so this file instantiates none of RecursiveASTVisitor's inline walking.
class Collector : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  Collector(clang::ASTContext &Ctx, SourceCalls &Out)
      : SM(Ctx.getSourceManager()), Out(Out), Paths(SM.getFileManager()) {}

  void run(const clang::ast_matchers::MatchFinder::MatchResult &R) override {
    using namespace clang;
    if (auto *S = R.Nodes.getNodeAs<CXXForRangeStmt>("for")) {
      // The loop's begin(), end(), !=, ++ and * are the compiler's.
      for (const Stmt *Part : {(const Stmt *)S->getBeginStmt(),
                               (const Stmt *)S->getEndStmt(),
                               (const Stmt *)S->getCond(),
                               (const Stmt *)S->getInc(),
                               (const Stmt *)S->getLoopVarStmt()})
        exclude(Part);
      return;
    }
    if (auto *FD = R.Nodes.getNodeAs<FunctionDecl>("def")) {
      SourcePos P = position(FD->getLocation());
      if (P.Line)
        Out.DefinitionColumns.emplace(std::make_pair(P.File, P.Line),
                                      P.Column);
      return;
    }
    if (auto *E = R.Nodes.getNodeAs<CallExpr>("call")) {
      const FunctionDecl *Callee = E->getDirectCallee();
      // A conversion function runs where the conversion is implicit.
      if (Callee && isa<CXXConversionDecl>(Callee))
        return;
      candidate(E, E->getBeginLoc(), nameOf(Callee));
      candidate(E, E->getExprLoc(), nameOf(Callee));
      return;
    }
    if (auto *E = R.Nodes.getNodeAs<CXXTemporaryObjectExpr>("temporary")) {
      candidate(E, E->getBeginLoc(), nameOf(E->getConstructor()));
      return;
    }
    if (auto *E = R.Nodes.getNodeAs<CXXFunctionalCastExpr>("cast")) {
      if (auto *C = dyn_cast<CXXConstructExpr>(E->getSubExpr()->IgnoreImplicit()))
        candidate(E, E->getBeginLoc(), nameOf(C->getConstructor()));
      return;
    }
    if (auto *E = R.Nodes.getNodeAs<CXXNewExpr>("new")) {
      if (const CXXConstructExpr *C = E->getConstructExpr())
        candidate(E, E->getBeginLoc(), nameOf(C->getConstructor()));
      return;
    }
    if (auto *E = R.Nodes.getNodeAs<CXXDeleteExpr>("delete")) {
      candidate(E, E->getBeginLoc(), "*");
      return;
    }
    // `T x(args)` and `T x{args}` call the constructor the user chose; a
    // default construction or a copy is the compiler's.
    if (auto *V = R.Nodes.getNodeAs<VarDecl>("var")) {
      auto *C = V->getInit()
                    ? dyn_cast<CXXConstructExpr>(V->getInit()->IgnoreImplicit())
                    : nullptr;
      if (!C || C->getNumArgs() == 0 ||
          C->getConstructor()->isCopyOrMoveConstructor())
        return;
      candidate(C, V->getLocation(), nameOf(C->getConstructor()));
      candidate(C, C->getBeginLoc(), nameOf(C->getConstructor()));
    }
  }

  /// Records what was not excluded (a range-for's parts are matched before
  /// or after their calls, so exclusion waits for the end).
  void finish() {
    for (auto &[E, P, Name] : Candidates)
      if (!Excluded.count(E))
        Out.Written[P].insert(Name);
  }

private:
  void exclude(const clang::Stmt *S) {
    if (!S)
      return;
    Excluded.insert(S);
    for (const clang::Stmt *Child : S->children())
      exclude(Child);
  }

  SourcePos position(clang::SourceLocation L) {
    if (L.isInvalid())
      return {};
    L = SM.getExpansionLoc(L);
    clang::PresumedLoc P = SM.getPresumedLoc(L);
    if (P.isInvalid())
      return {};
    return {Paths.of(P), P.getLine(), P.getColumn()};
  }

  void candidate(const clang::Stmt *E, clang::SourceLocation L,
                 std::string Name) {
    SourcePos P = position(L);
    if (P.Line)
      Candidates.emplace_back(E, std::move(P), std::move(Name));
  }

  clang::SourceManager &SM;
  SourceCalls &Out;
  PresumedPaths Paths;
  std::vector<std::tuple<const clang::Stmt *, SourcePos, std::string>>
      Candidates;
  std::set<const clang::Stmt *> Excluded;
};

void collect(clang::ASTContext &Ctx, SourceCalls &Out) {
  using namespace clang::ast_matchers;
  Collector C(Ctx, Out);
  MatchFinder Finder;
  auto User = unless(isExpansionInSystemHeader());
  // Bodies the compiler wrote (implicit special members) are not the user's.
  auto InUserCode = allOf(User, unless(hasAncestor(functionDecl(isImplicit()))));
  Finder.addMatcher(cxxForRangeStmt(User).bind("for"), &C);
  Finder.addMatcher(functionDecl(isDefinition(), unless(isImplicit()), User)
                        .bind("def"),
                    &C);
  Finder.addMatcher(callExpr(InUserCode).bind("call"), &C);
  Finder.addMatcher(cxxTemporaryObjectExpr(InUserCode).bind("temporary"), &C);
  Finder.addMatcher(cxxFunctionalCastExpr(InUserCode).bind("cast"), &C);
  Finder.addMatcher(cxxNewExpr(InUserCode).bind("new"), &C);
  Finder.addMatcher(cxxDeleteExpr(InUserCode).bind("delete"), &C);
  Finder.addMatcher(varDecl(hasInitializer(cxxConstructExpr()), User).bind("var"),
                    &C);
  Finder.matchAST(Ctx);
  C.finish();
}

} // namespace

bool SourceCalls::isWritten(const SourcePos &P, const std::string &Base) const {
  auto It = Written.find(P);
  return It != Written.end() &&
         (It->second.count(Base) || It->second.count("*"));
}

namespace {
class SourceCallsConsumer : public clang::ASTConsumer {
public:
  explicit SourceCallsConsumer(SourceCalls &Out) : Out(Out) {}
  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    UserTraversalScope Scope(Ctx);
    collect(Ctx, Out);
  }

private:
  SourceCalls &Out;
};
} // namespace

std::unique_ptr<clang::ASTConsumer> makeSourceCallsConsumer(SourceCalls &Out) {
  return std::make_unique<SourceCallsConsumer>(Out);
}

void addDefinitions(SourceCalls &Out, const llvm::Module &M,
                    const std::function<bool(llvm::StringRef)> &IsSystemFile) {
  for (const llvm::Function &Fn : M) {
    const llvm::DISubprogram *SP = Fn.getSubprogram();
    if (Fn.isDeclaration() || !SP || SP->isArtificial() || !SP->getLine())
      continue;
    SourcePos P = positionOf(SP->getFile(), SP->getLine(), 0);
    auto Column = Out.DefinitionColumns.find({P.File, P.Line});
    // Only what the AST shows as a user definition: not system headers, not
    // compiler-made members.
    if (Column == Out.DefinitionColumns.end() || IsSystemFile(P.File))
      continue;
    P.Column = Column->second;
    Out.Definitions.emplace_back(Fn.getName().str(), P);
  }
}

} // namespace escape_check
