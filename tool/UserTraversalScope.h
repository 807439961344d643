// An AST walk limited to the unit's own top-level declarations, for as
// long as this object lives: the standard library's headers are most of a
// unit and hold nothing the user wrote (SourceCalls.cpp,
// AllocationNames.cpp).
#ifndef ESCAPE_CHECK_TOOL_USERTRAVERSALSCOPE_H
#define ESCAPE_CHECK_TOOL_USERTRAVERSALSCOPE_H

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

#include <vector>

namespace escape_check {

class UserTraversalScope {
public:
  explicit UserTraversalScope(clang::ASTContext &Ctx)
      : Ctx(Ctx), Saved(Ctx.getTraversalScope()) {
    clang::SourceManager &SM = Ctx.getSourceManager();
    std::vector<clang::Decl *> Scope;
    for (clang::Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (D->getLocation().isInvalid() ||
          !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
        Scope.push_back(D);
    Ctx.setTraversalScope(Scope);
  }
  ~UserTraversalScope() { Ctx.setTraversalScope(Saved); }
  UserTraversalScope(const UserTraversalScope &) = delete;
  UserTraversalScope &operator=(const UserTraversalScope &) = delete;

private:
  clang::ASTContext &Ctx;
  std::vector<clang::Decl *> Saved;
};

} // namespace escape_check

#endif
