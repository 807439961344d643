// The escape-check command as a function, so tests can drive it with argv.
#ifndef ESCAPE_CHECK_TOOL_ESCAPECHECKMAIN_H
#define ESCAPE_CHECK_TOOL_ESCAPECHECKMAIN_H

namespace escape_check {

/// Exit status (docs/usage.md): 0 analysed, 1 some unit could not be analysed,
/// 2 usage error, 3 --error-on findings present.
int runEscapeCheck(int Argc, const char *const *Argv);

} // namespace escape_check

#endif
