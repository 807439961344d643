// Clang-style names for lambdas at namespace scope and OpenMP regions.
#include "GeneratedNames.h"

#include "Demangle.h"
#include "DebugLocation.h"
#include "Report.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Module.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace escape_check {
namespace {

/// Lambdas in the initialisers of namespace-scope variables: the ones whose
/// closure types have internal linkage and are mangled "$_N".
class NamespaceScopeLambdas
    : public clang::RecursiveASTVisitor<NamespaceScopeLambdas> {
public:
  std::vector<const clang::LambdaExpr *> Found;
  bool VisitLambdaExpr(clang::LambdaExpr *E) {
    Found.push_back(E);
    return true;
  }
  void scan(const clang::DeclContext *DC) {
    for (const clang::Decl *D : DC->decls()) {
      if (const auto *NS = llvm::dyn_cast<clang::NamespaceDecl>(D))
        scan(NS);
      else if (const auto *LS = llvm::dyn_cast<clang::LinkageSpecDecl>(D))
        scan(LS);
      else if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D))
        if (const clang::Expr *Init = V->getInit())
          TraverseStmt(const_cast<clang::Expr *>(Init));
    }
  }
};

} // namespace

void GeneratedNames::collectLambdas(clang::ASTContext &Ctx) {
  NamespaceScopeLambdas Visitor;
  Visitor.scan(Ctx.getTranslationUnitDecl());
  const clang::SourceManager &SM = Ctx.getSourceManager();
  for (const clang::LambdaExpr *E : Visitor.Found) {
    // The closure's debug info carries the presumed line (#line included).
    clang::PresumedLoc P = SM.getPresumedLoc(E->getBeginLoc());
    if (P.isValid())
      LambdaPositions.push_back(
          {absoluteInWorkingDirectory(P.getFilename()), P.getLine(),
           P.getColumn()});
  }
}

/// "$_12" at the start of a demangled name, or "".
static llvm::StringRef lambdaToken(llvm::StringRef Display) {
  if (!Display.starts_with("$_"))
    return "";
  size_t End = 2;
  while (End < Display.size() &&
         std::isdigit(static_cast<unsigned char>(Display[End])))
    ++End;
  return End > 2 ? Display.take_front(End) : "";
}

void GeneratedNames::collect(const llvm::Module &M) {
  for (const llvm::Function &F : M) {
    llvm::StringRef Name = F.getName();
    const llvm::DISubprogram *SP = F.getSubprogram();
    if (!SP || !SP->getFile())
      continue;
    if (size_t Omp = Name.find(".omp_outlined"); Omp != llvm::StringRef::npos) {
      // The region's entry (".omp_outlined") is at the directive; its body
      // (".omp_outlined_debug__", reductions) at the statement: one name.
      const llvm::Function *Entry =
          M.getFunction(Name.take_front(Omp + strlen(".omp_outlined")));
      if (Entry && Entry->getSubprogram() && Entry->getSubprogram()->getFile())
        SP = Entry->getSubprogram();
      SourcePos Pos = positionOf(SP->getFile(), SP->getLine(), 0);
      Regions.emplace_back(displayName(Name),
                           "the OpenMP region at " + displayPath(Pos.File) +
                               ":" + std::to_string(Pos.Line));
      continue;
    }
    if (!Name.contains("$_"))
      continue;
    std::string Display = displayName(Name);
    llvm::StringRef Token = lambdaToken(Display);
    const auto *Closure =
        llvm::dyn_cast_or_null<llvm::DICompositeType>(SP->getScope());
    if (Token.empty() || !Closure || !Closure->getFile() ||
        llvm::any_of(Lambdas, [&](const auto &L) { return L.first == Token; }))
      continue;
    SourcePos Pos = positionOf(Closure->getFile(), Closure->getLine(), 0);
    std::string At = displayPath(Pos.File) + ":" + std::to_string(Pos.Line);
    // The column, when one namespace-scope lambda starts on that line.
    const LambdaPos *Only = nullptr;
    unsigned OnLine = 0;
    for (const LambdaPos &L : LambdaPositions)
      if (L.File == Pos.File && L.Line == Pos.Line) {
        Only = &L;
        ++OnLine;
      }
    if (OnLine == 1)
      At += ":" + std::to_string(Only->Column);
    Lambdas.emplace_back(Token.str(), "(lambda at " + At + ")");
  }
  // Longest first, so that no name is replaced inside a longer one.
  std::sort(Regions.begin(), Regions.end(), [](const auto &A, const auto &B) {
    return A.first.size() > B.first.size();
  });
}

void GeneratedNames::rewrite(std::string &S) const {
  for (const auto &[From, To] : Regions) {
    size_t At;
    while ((At = S.find(From)) != std::string::npos)
      S.replace(At, From.size(), To);
  }
  for (const auto &[From, To] : Lambdas) {
    size_t At = 0;
    while ((At = S.find(From, At)) != std::string::npos) {
      size_t End = At + From.size();
      if (End < S.size() && std::isdigit(static_cast<unsigned char>(S[End]))) {
        At = End;
        continue;
      }
      S.replace(At, From.size(), To);
      At += To.size();
    }
  }
}

void GeneratedNames::rewrite(Finding &F) const {
  if (Regions.empty() && Lambdas.empty())
    return;
  rewrite(F.Function);
  rewrite(F.Name);
  rewrite(F.Callee);
  rewrite(F.CalleeName);
  for (InlineDecision &D : F.Copies)
    rewrite(D.Caller);
  rewrite(F.Sink);
  for (FlowStep &S : F.Explanation)
    rewrite(S.Message);
}

} // namespace escape_check
