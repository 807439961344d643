// HTML report (docs/usage.md, "HTML report"): one self-contained page, the
// analogue of pprof's weblist and LLVM's opt-viewer: each analysed user file
// with its findings at their lines, coloured by verdict from the vocabulary
// table, level-2 flows that expand, a per-function table, and links from
// flow steps to their lines. No network, no external scripts.
#include "Printers.h"
#include "ProfileJoin.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>
#include <set>

namespace escape_check {
namespace {

std::string escape(llvm::StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    default: Out += C;
    }
  }
  return Out;
}

const char Style[] = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 2em 2em; color: #222; }
h1 { font-size: 1.4em; margin: 0.8em 0 0.2em; }
h2 { font-size: 1.1em; margin: 1.5em 0 0.4em; }
.meta { color: #666; margin: 0 0 1em; }
.legend span { display: inline-block; padding: 0 0.5em; margin-right: 0.5em; border-radius: 3px; }
table.functions { border-collapse: collapse; }
table.functions th, table.functions td { border: 1px solid #ddd; padding: 2px 8px; text-align: right; }
table.functions td.name, table.functions th:first-child { text-align: left; font-family: monospace; }
table.source { border-collapse: collapse; width: 100%; font: 13px/1.35 monospace; }
table.source td { padding: 0 6px; vertical-align: top; white-space: pre; }
td.ln { color: #999; text-align: right; user-select: none; width: 4em; }
td.ln a { color: inherit; text-decoration: none; }
tr.line:target, li.step:target { outline: 2px solid #f90; }
tr.has-problem td.code { background: #fde8e8; }
tr.has-fine td.code { background: #e6f4ea; }
tr.has-inline td.code { background: #eef2fb; }
tr.findings td { white-space: normal; padding: 2px 6px 4px 4em; }
.finding { margin: 1px 0; padding: 1px 6px; border-left: 4px solid; border-radius: 2px; font-family: monospace; }
.problem { border-color: #d33; background: #fde8e8; }
.fine { border-color: #2a8; background: #e6f4ea; }
.inline-ok { border-color: #57c; background: #eef2fb; }
.implicit { opacity: 0.75; }
summary { cursor: pointer; }
ol.flow { margin: 2px 0 4px; padding-left: 2em; }
ol.flow li { white-space: pre-wrap; }
.pos { color: #666; }
)css";

/// The colour class of a verdict: a problem (--error-on counts it), an
/// inliner decision that went through, or a site that stays.
const char *verdictClass(const Finding &F) {
  if (isProblem(F))
    return "problem";
  return F.Kind == FindingKind::Inline ? "inline-ok" : "fine";
}

struct FunctionCounts {
  unsigned HeapEscapes = 0, HeapStays = 0, LocalsEscape = 0, ParamsLeak = 0,
           Inlined = 0, NotInlined = 0;
  std::uint64_t Bytes = 0; // allocated at its heap sites (--profile)
  std::string FirstAnchor;
};

class HtmlWriter {
public:
  explicit HtmlWriter(const Report &R) : R(R) {
    for (const Finding &F : R.Findings)
      if (!FileIds.count(F.Pos.File))
        FileIds.emplace(F.Pos.File, FileIds.size());
  }

  std::string write() {
    Out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width\">";
    Out += llvm::formatv("<title>escape-check: {0} findings</title>",
                         R.Findings.size());
    Out += "<style>" + std::string(Style) + "</style></head><body>\n";
    header();
    functionTable();
    for (const auto &[File, Id] : orderedFiles())
      fileSection(File, Id);
    Out += "</body></html>\n";
    return std::move(Out);
  }

private:
  std::vector<std::pair<std::string, size_t>> orderedFiles() const {
    std::vector<std::pair<std::string, size_t>> Files(FileIds.begin(),
                                                      FileIds.end());
    return Files; // std::map: sorted by path, as the text report
  }

  std::string lineAnchor(const SourcePos &P) const {
    auto It = FileIds.find(P.File);
    if (It == FileIds.end() || !P.Line)
      return "";
    return llvm::formatv("file-{0}-L{1}", It->second, P.Line).str();
  }

  void header() {
    Out += "<h1>escape-check report</h1>\n<p class=\"meta\">";
    Out += llvm::formatv("escape-check {0} (LLVM {1}) &middot; level {2} "
                         "&middot; -{3} &middot; inlining {4} &middot; "
                         "{5} units, {6} findings",
                         toolVersion(), LLVM_VERSION_STRING, R.Level, R.opt(),
                         R.Inline ? "on" : "off (-no-inline)", R.Units.size(),
                         R.Findings.size())
               .str();
    Out += "</p>\n<p class=\"legend\">";
    Out += "<span class=\"problem\">escapes / leaks / not inlined</span>"
           "<span class=\"fine\">does not escape</span>"
           "<span class=\"inline-ok\">inlined</span></p>\n";
    for (const UnitStatus &U : R.Units)
      for (const std::string &E : U.Errors)
        Out += "<p class=\"finding problem unit-error\">" + escape(E) + "</p>\n";
  }

  void functionTable() {
    std::map<std::string, FunctionCounts> Counts;
    for (size_t I = 0; I < R.Findings.size(); ++I) {
      const Finding &F = R.Findings[I];
      if (F.Definition)
        continue;
      FunctionCounts &C = Counts[F.Function.empty() ? "(unknown)" : F.Function];
      if (C.FirstAnchor.empty())
        C.FirstAnchor = llvm::formatv("finding-{0}", I).str();
      bool Problem = isProblem(F);
      if (F.Allocated)
        C.Bytes += F.Allocated->Bytes;
      switch (F.Kind) {
      case FindingKind::Heap:
        ++(Problem ? C.HeapEscapes : C.HeapStays);
        break;
      case FindingKind::Local:
        C.LocalsEscape += Problem;
        break;
      case FindingKind::Param:
        C.ParamsLeak += Problem;
        break;
      case FindingKind::Inline:
        ++(Problem ? C.NotInlined : C.Inlined);
        break;
      }
    }
    // With a heap profile joined (docs/profile-join.md), a column of the
    // bytes each function's heap sites allocated, and the table by it.
    bool Profiled = R.HeapProfile.has_value();
    Out += "<h2>Functions</h2>\n<table class=\"functions\" id=\"functions\">"
           "<tr><th>function</th>";
    if (Profiled)
      Out += "<th>bytes allocated</th>";
    Out += "<th>heap: escapes</th><th>heap: stays</th>"
           "<th>locals escaping</th><th>params leaking</th><th>inlined</th>"
           "<th>not inlined</th></tr>\n";
    std::vector<std::pair<std::string, FunctionCounts>> Rows(Counts.begin(),
                                                             Counts.end());
    if (Profiled)
      std::stable_sort(Rows.begin(), Rows.end(),
                       [](const auto &A, const auto &B) {
                         return A.second.Bytes > B.second.Bytes;
                       });
    for (const auto &[Name, C] : Rows)
      Out += llvm::formatv("<tr><td class=\"name\"><a href=\"#{0}\">{1}</a>"
                           "</td>{8}<td>{2}</td><td>{3}</td><td>{4}</td><td>{5}"
                           "</td><td>{6}</td><td>{7}</td></tr>\n",
                           C.FirstAnchor, escape(Name), C.HeapEscapes,
                           C.HeapStays, C.LocalsEscape, C.ParamsLeak,
                           C.Inlined, C.NotInlined,
                           Profiled ? "<td class=\"bytes\">" +
                                          humanBytes(C.Bytes) + "</td>"
                                    : std::string())
                 .str();
    Out += "</table>\n";
  }

  void finding(size_t Index) {
    const Finding &F = R.Findings[Index];
    bool Detailed = R.Level >= 2;
    std::vector<std::string> Plain;
    if (Detailed)
      for (const std::string &L : detailLines(F))
        Plain.push_back(L);
    Out += llvm::formatv("<div class=\"finding {0}{1}\" id=\"finding-{2}\" "
                         "data-kind=\"{3}\" data-verdict=\"{4}\" "
                         "data-line=\"{5}\" data-column=\"{6}\">",
                         verdictClass(F), F.Implicit ? " implicit" : "", Index,
                         kindName(F.Kind), verdictName(F.TheVerdict),
                         F.Pos.Line, F.Pos.Column)
               .str();
    std::string Summary = llvm::formatv("<span class=\"pos\">{0}:{1}</span> {2}",
                                        F.Pos.Line, F.Pos.Column,
                                        escape(message(F, Detailed) +
                                               runtimeSuffix(R, F)))
                              .str();
    // The flow steps are the explanation; other detail lines (notes, the
    // optimiser's fate of the allocation) follow them.
    bool HasFlow = Detailed && !F.Explanation.empty();
    if (!HasFlow && Plain.empty()) {
      Out += Summary + "</div>\n";
      return;
    }
    Out += "<details><summary>" + Summary + "</summary><ol class=\"flow\">";
    size_t Step = 0;
    for (const FlowStep &S : F.Explanation) {
      std::string Id = llvm::formatv("finding-{0}-step-{1}", Index, Step++).str();
      std::string Anchor = lineAnchor(S.Pos);
      std::string Where;
      if (S.Pos.Line) {
        std::string Text = llvm::formatv("{0}:{1}:{2}", S.Pos.File, S.Pos.Line,
                                         S.Pos.Column)
                               .str();
        Where = Anchor.empty()
                    ? " at " + escape(Text)
                    : " at <a href=\"#" + Anchor + "\">" + escape(Text) + "</a>";
      }
      Out += "<li class=\"step\" id=\"" + Id + "\">" + escape(S.Message) +
             Where + "</li>";
    }
    // detailLines repeats the explanation first; only what follows is new.
    for (size_t I = F.Explanation.size(); I < Plain.size(); ++I)
      Out += "<li class=\"note\">" + escape(Plain[I]) + "</li>";
    Out += "</ol></details></div>\n";
  }

  void fileSection(const std::string &File, size_t Id) {
    std::map<unsigned, std::vector<size_t>> ByLine;
    for (size_t I = 0; I < R.Findings.size(); ++I)
      if (R.Findings[I].Pos.File == File)
        ByLine[R.Findings[I].Pos.Line].push_back(I);
    Out += llvm::formatv("<h2 id=\"file-{0}\">{1}</h2>\n", Id, escape(File));
    Out += llvm::formatv("<table class=\"source\" id=\"file-{0}-source\">\n", Id);
    std::vector<llvm::StringRef> Lines;
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
    if (Buffer) {
      llvm::StringRef Text = (*Buffer)->getBuffer();
      while (!Text.empty()) {
        auto [Line, Rest] = Text.split('\n');
        Lines.push_back(Line.rtrim('\r'));
        Text = Rest;
      }
    }
    unsigned Last = std::max<unsigned>(Lines.size(),
                                       ByLine.empty() ? 0 : ByLine.rbegin()->first);
    for (unsigned L = 1; L <= Last; ++L) {
      auto It = ByLine.find(L);
      std::string Cls = "line";
      if (It != ByLine.end()) {
        std::set<std::string> Kinds;
        for (size_t I : It->second)
          Kinds.insert(verdictClass(R.Findings[I]));
        Cls += Kinds.count("problem") ? " has-problem"
               : Kinds.count("fine")  ? " has-fine"
                                      : " has-inline";
      }
      llvm::StringRef Code = L <= Lines.size() ? Lines[L - 1] : "";
      Out += llvm::formatv("<tr class=\"{0}\" id=\"file-{1}-L{2}\"><td class=\"ln\">"
                           "<a href=\"#file-{1}-L{2}\">{2}</a></td><td class=\"code\">{3}"
                           "</td></tr>\n",
                           Cls, Id, L, escape(Code))
                 .str();
      if (It == ByLine.end())
        continue;
      Out += "<tr class=\"findings\"><td colspan=\"2\">";
      for (size_t I : It->second)
        finding(I);
      Out += "</td></tr>\n";
    }
    Out += "</table>\n";
  }

  const Report &R;
  std::map<std::string, size_t> FileIds;
  std::string Out;
};

} // namespace

std::string printHtml(const Report &R) { return HtmlWriter(R).write(); }

} // namespace escape_check
