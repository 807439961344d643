// Printing declarations the way LLVM's Itanium demangler spells them, minus
// what the AST knows the user did not write.
#include "AstNames.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/TemplateBase.h"
#include "clang/AST/Type.h"
#include "clang/Basic/OperatorKinds.h"
#include "clang/CodeGen/ModuleBuilder.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Module.h"

#include <cctype>

namespace escape_check {
namespace {

/// The policy of the names people write: no default template arguments, no
/// inline namespaces, C++ spellings of builtin types (`bool`, not `_Bool`).
/// clang's printer itself only names builtin types and operators here; the
/// rest is spelled as the demangler does (see AstNames.h).
clang::PrintingPolicy namePolicy(const clang::ASTContext &Ctx) {
  clang::PrintingPolicy P(Ctx.getLangOpts());
  P.SuppressDefaultTemplateArgs = true;
  P.SuppressInlineNamespace = true;
  P.PrintCanonicalTypes = true;
  P.FullyQualifiedName = true;
  P.SuppressScope = false;
  P.Bool = true;
  return P;
}

class Printer {
public:
  explicit Printer(clang::ASTContext &Ctx) : Ctx(Ctx), Policy(namePolicy(Ctx)) {}

  /// Cleared by anything this printer does not spell as the demangler would.
  bool Exact = true;

  std::string type(clang::QualType T) {
    std::string Left, Right;
    split(T, Left, Right);
    // A function type on its own: "void (int)", as in std::function<...>.
    if (T.getCanonicalType()->isFunctionType())
      return Left + " " + Right;
    return Left + Right;
  }

  /// "ns::Outer<int>::" for D's enclosing scopes.
  std::string scope(const clang::Decl *D) {
    std::vector<std::string> Parts;
    for (const clang::DeclContext *DC = D->getDeclContext();
         DC && !DC->isTranslationUnit(); DC = DC->getParent()) {
      if (const auto *NS = llvm::dyn_cast<clang::NamespaceDecl>(DC)) {
        if (NS->isInline())
          continue;
        Parts.push_back(NS->isAnonymousNamespace() ? "(anonymous namespace)"
                                                   : NS->getName().str());
      } else if (llvm::isa<clang::LinkageSpecDecl>(DC) ||
                 llvm::isa<clang::ExportDecl>(DC)) {
        continue;
      } else if (const auto *RD = llvm::dyn_cast<clang::RecordDecl>(DC)) {
        Parts.push_back(recordName(RD));
      } else if (const auto *ED = llvm::dyn_cast<clang::EnumDecl>(DC)) {
        Parts.push_back(tagName(ED));
      } else {
        // A local class ("f()::Local"): the demangler's business.
        Exact = false;
        return "";
      }
    }
    std::string S;
    for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
      S += *It + "::";
    return S;
  }

  std::string recordName(const clang::RecordDecl *RD) {
    std::string Name = tagName(RD);
    if (const auto *Spec =
            llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(RD))
      Name += templateArgs(Spec->getTemplateArgs().asArray(),
                           Spec->getSpecializedTemplate()->getTemplateParameters());
    return Name;
  }

  /// The function's own name: "vector" for a constructor, "~vector",
  /// "operator<<", "operator new[]", "operator bool".
  std::string baseName(const clang::FunctionDecl *FD) {
    if (const auto *C = llvm::dyn_cast<clang::CXXConstructorDecl>(FD))
      return tagName(C->getParent());
    if (const auto *D = llvm::dyn_cast<clang::CXXDestructorDecl>(FD))
      return "~" + tagName(D->getParent());
    if (const auto *C = llvm::dyn_cast<clang::CXXConversionDecl>(FD))
      return "operator " + type(C->getConversionType());
    clang::DeclarationName N = FD->getDeclName();
    if (N.getNameKind() == clang::DeclarationName::CXXOperatorName) {
      std::string Op = clang::getOperatorSpelling(N.getCXXOverloadedOperator());
      bool Word = !Op.empty() && std::isalpha(static_cast<unsigned char>(Op[0]));
      return "operator" + std::string(Word ? " " : "") + Op;
    }
    if (!N.isIdentifier() || N.getAsIdentifierInfo() == nullptr) {
      Exact = false;
      return N.getAsString();
    }
    return N.getAsIdentifierInfo()->getName().str();
  }

  /// "<int, std::string>" without the trailing arguments that are the
  /// parameters' defaults, as clang's printTemplateArgumentList drops them.
  std::string templateArgs(llvm::ArrayRef<clang::TemplateArgument> Args,
                           const clang::TemplateParameterList *Params) {
    llvm::ArrayRef<clang::TemplateArgument> Shown = Args;
    if (Params && Args.size() <= Params->size())
      while (!Shown.empty() &&
             clang::isSubstitutedDefaultArgument(
                 Ctx, Shown.back(), Params->getParam(Shown.size() - 1), Args,
                 Params->getDepth()))
        Shown = Shown.drop_back();
    std::vector<std::string> Parts;
    for (const clang::TemplateArgument &A : Shown)
      argument(A, Parts);
    std::string S = "<";
    for (size_t I = 0; I < Parts.size(); ++I)
      S += (I ? ", " : "") + Parts[I];
    return S + ">";
  }

  clang::ASTContext &Ctx;
  clang::PrintingPolicy Policy;

private:
  std::string tagName(const clang::TagDecl *TD) {
    if (const auto *RD = llvm::dyn_cast<clang::CXXRecordDecl>(TD))
      if (RD->isLambda()) {
        Exact = false;
        return "";
      }
    if (TD->getIdentifier())
      return TD->getName().str();
    if (const clang::TypedefNameDecl *T = TD->getTypedefNameForAnonDecl())
      return T->getName().str();
    Exact = false; // "{unnamed type#1}"
    return "";
  }

  void argument(const clang::TemplateArgument &A,
                std::vector<std::string> &Parts) {
    switch (A.getKind()) {
    case clang::TemplateArgument::Type:
      Parts.push_back(type(A.getAsType()));
      return;
    case clang::TemplateArgument::Integral:
      Parts.push_back(integral(A));
      return;
    case clang::TemplateArgument::Pack:
      for (const clang::TemplateArgument &E : A.pack_elements())
        argument(E, Parts);
      return;
    case clang::TemplateArgument::Template:
      if (const clang::TemplateDecl *TD =
              A.getAsTemplate().getAsTemplateDecl()) {
        Parts.push_back(scope(TD) + TD->getName().str());
        return;
      }
      [[fallthrough]];
    default:
      Exact = false;
      Parts.push_back("");
    }
  }

  /// The demangler writes an integer argument with its type's literal
  /// suffix ("3ul") or as a cast ("(char)97").
  std::string integral(const clang::TemplateArgument &A) {
    clang::QualType T = A.getIntegralType().getCanonicalType();
    llvm::SmallString<16> V;
    A.getAsIntegral().toString(V);
    if (T->isBooleanType())
      return A.getAsIntegral().getBoolValue() ? "true" : "false";
    const char *Suffix = nullptr;
    if (const auto *BT = T->getAs<clang::BuiltinType>())
      switch (BT->getKind()) {
      case clang::BuiltinType::Int: Suffix = ""; break;
      case clang::BuiltinType::UInt: Suffix = "u"; break;
      case clang::BuiltinType::Long: Suffix = "l"; break;
      case clang::BuiltinType::ULong: Suffix = "ul"; break;
      case clang::BuiltinType::LongLong: Suffix = "ll"; break;
      case clang::BuiltinType::ULongLong: Suffix = "ull"; break;
      default: break;
      }
    if (Suffix)
      return V.str().str() + Suffix;
    return "(" + type(T) + ")" + V.str().str();
  }

  /// The type in two halves, around where a declarator would go:
  /// "char const (&" and ") [8]" for a reference to an array.
  void split(clang::QualType T, std::string &Left, std::string &Right) {
    T = T.getCanonicalType();
    clang::Qualifiers Q = T.getQualifiers();
    const clang::Type *Ty = T.getTypePtr();
    Right.clear();
    if (const auto *BT = llvm::dyn_cast<clang::BuiltinType>(Ty)) {
      Left = BT->getName(Policy).str();
    } else if (const auto *TT = llvm::dyn_cast<clang::TagType>(Ty)) {
      const clang::TagDecl *TD = TT->getDecl();
      Left = scope(TD);
      if (const auto *RD = llvm::dyn_cast<clang::RecordDecl>(TD))
        Left += recordName(RD);
      else
        Left += tagName(TD);
    } else if (llvm::isa<clang::PointerType>(Ty) ||
               llvm::isa<clang::ReferenceType>(Ty)) {
      const char *Declarator = llvm::isa<clang::PointerType>(Ty) ? "*"
                               : llvm::isa<clang::RValueReferenceType>(Ty)
                                   ? "&&"
                                   : "&";
      clang::QualType Pointee = Ty->getPointeeType().getCanonicalType();
      std::string PL, PR;
      split(Pointee, PL, PR);
      if (Pointee->isFunctionType() || Pointee->isArrayType()) {
        Left = PL + " (" + Declarator;
        Right = ")" + PR;
      } else {
        // "void (**)(int)" nests declarators: the demangler's business.
        if (!PR.empty())
          Exact = false;
        Left = PL + PR + Declarator;
      }
    } else if (const auto *AT = llvm::dyn_cast<clang::ConstantArrayType>(Ty)) {
      Left = type(AT->getElementType());
      Right = " [" + std::to_string(AT->getZExtSize()) + "]";
    } else if (const auto *IA = llvm::dyn_cast<clang::IncompleteArrayType>(Ty)) {
      Left = type(IA->getElementType());
      Right = " []";
    } else if (const auto *FT = llvm::dyn_cast<clang::FunctionProtoType>(Ty)) {
      Left = type(FT->getReturnType());
      Right = parameters(FT);
    } else {
      Exact = false;
      Left = T.getAsString(Policy);
      return;
    }
    if (Q.hasConst())
      Left += " const";
    if (Q.hasVolatile())
      Left += " volatile";
    if (Q.hasRestrict())
      Left += " restrict";
  }

public:
  std::string parameters(const clang::FunctionProtoType *FT) {
    std::string S = "(";
    for (unsigned I = 0; I < FT->getNumParams(); ++I)
      S += (I ? ", " : "") + type(FT->getParamType(I));
    if (FT->isVariadic())
      S += FT->getNumParams() ? ", ..." : "...";
    S += ")";
    clang::Qualifiers Q = FT->getMethodQuals();
    if (Q.hasConst())
      S += " const";
    if (Q.hasVolatile())
      S += " volatile";
    if (FT->getRefQualifier() == clang::RQ_LValue)
      S += " &";
    else if (FT->getRefQualifier() == clang::RQ_RValue)
      S += " &&";
    return S;
  }
};

std::optional<KnownName> functionName(clang::ASTContext &Ctx,
                                      const clang::FunctionDecl *FD) {
  Printer P(Ctx);
  std::string Scope = P.scope(FD);
  KnownName N;
  N.Base = P.baseName(FD);
  std::string Own = N.Base;
  if (const clang::TemplateArgumentList *Args =
          FD->getTemplateSpecializationArgs()) {
    N.TemplateInstance = true;
    const clang::FunctionTemplateDecl *Primary = FD->getPrimaryTemplate();
    std::string List = P.templateArgs(
        Args->asArray(), Primary ? Primary->getTemplateParameters() : nullptr);
    // Every argument defaulted: the call is written without a list.
    if (List != "<>")
      Own += List;
  }
  const auto *FT = FD->getType()
                       .getCanonicalType()
                       ->getAs<clang::FunctionProtoType>();
  if (!FT)
    return std::nullopt;
  N.Full = Scope + Own + P.parameters(FT);
  N.Short = Scope + N.Base;
  if (!P.Exact)
    return std::nullopt;
  simplifyName(N.Full);
  simplifyName(N.Short);
  return N;
}

} // namespace

KnownNames namesFromAst(clang::CodeGenerator &Gen, clang::ASTContext &Ctx,
                        const llvm::Module &M) {
  KnownNames Names;
  // For the names the demangler still gives (lambdas, local classes).
  Names.InlineNamespaces = inlineNamespacesIn(M);
  for (const llvm::Function &F : M) {
    llvm::StringRef Symbol = F.getName();
    // C names and main are their own names; clones are named as the
    // function they were cloned from (Demangle.cpp).
    if (!Symbol.starts_with("_Z") || Symbol.contains('.'))
      continue;
    const auto *FD = llvm::dyn_cast_or_null<clang::FunctionDecl>(
        Gen.GetDeclForMangledName(Symbol));
    if (!FD)
      continue;
    if (std::optional<KnownName> N = functionName(Ctx, FD))
      Names.Functions[Symbol] = std::move(*N);
  }
  return Names;
}

std::optional<std::string> typeName(clang::ASTContext &Ctx,
                                    clang::QualType T) {
  Printer P(Ctx);
  std::string S = P.type(T);
  if (!P.Exact)
    return std::nullopt;
  simplifyName(S);
  return S;
}

} // namespace escape_check
