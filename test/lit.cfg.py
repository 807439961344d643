# lit configuration: substitutions so RUN lines never spell build paths.
import os
import lit.formats

config.name = "escape-check"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "tools", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.escape_check_obj_root, "test")

# Analyses must not depend on the user's environment or locale.
config.environment["LC_ALL"] = "C"
for var in ("ESCAPETRACE", "LD_PRELOAD"):
    config.environment.pop(var, None)
# One summary cache for the whole suite (docs/usage.md, "Summary cache"):
# the standard library is summarised once, not per test, and never into the
# user's own ~/.cache.
config.environment["ESCAPE_CHECK_SUMMARY_CACHE"] = os.path.join(
    config.escape_check_obj_root, "test", "summary-cache")

config.substitutions.append(("%escape-check", os.path.join(config.escape_check_bin, "escape-check")))
config.substitutions.append(("%escape-trace", os.path.join(config.escape_check_bin, "escape-trace")))
config.substitutions.append(("%escapetrace", os.path.join(config.escape_check_lib, "libescapetrace.so")))
config.substitutions.append(("%plugin", os.path.join(config.escape_check_lib, "EscapeCheckPasses.so")))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%src_root", config.escape_check_src_root))
config.substitutions.append(("%obj_root", config.escape_check_obj_root))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))

# FileCheck, not, count, split-file come from LLVM's tools directory.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.escape_check_bin, config.environment.get("PATH", "")])

# Areas may add features (e.g. go, pprof) in their own lit.local.cfg.
import shutil
for tool, feature in (("go", "go"), ("google-pprof", "google-pprof"), ("npx", "npx"),
                      ("script", "script")):
    if shutil.which(tool):
        config.available_features.add(feature)

config.substitutions.append(("%expect-exit", config.python + " " + os.path.join(
    config.escape_check_src_root, "test", "tools", "expect_exit.py")))
config.substitutions.append(("%json-check", config.python + " " + os.path.join(
    config.escape_check_src_root, "test", "tools", "json_check.py")))
# tool/Allocator.cpp: the allocator the escape-check executable was built on.
config.available_features.add("allocator-" + getattr(config, "escape_check_allocator", "system"))
if os.getuid() != 0:
    config.available_features.add("non-root")
