#include "tools/layout/devicetree_reader.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "tools/layout/board_dts.hpp"
#include "tools/layout/fdt_walk.hpp"
#include "tools/layout/subprocess.hpp"

namespace norboot::tools::layout {
namespace fs = std::filesystem;
namespace {

/// A private temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "norboot-dts-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::optional<std::string> slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  if (f.bad()) return std::nullopt;
  return s.str();
}

ReadError io_error(const std::string& file, std::string message, std::string hint = {}) {
  ReadError e;
  e.file = file;
  e.message = std::move(message);
  e.hint = std::move(hint);
  e.io = true;
  return e;
}

/// Picks the first "file:L.C" (dtc) or "file:L:C:" (cpp) location out of an error line.
void parse_location(std::string_view line, ReadError& e) {
  for (size_t colon = line.find(':'); colon != std::string_view::npos; colon = line.find(':', colon + 1)) {
    size_t i = colon + 1;
    int l = 0, c = 0;
    while (i < line.size() && isdigit(static_cast<unsigned char>(line[i]))) l = l * 10 + (line[i++] - '0');
    if (l == 0 || i >= line.size() || (line[i] != '.' && line[i] != ':')) continue;
    ++i;
    while (i < line.size() && isdigit(static_cast<unsigned char>(line[i]))) c = c * 10 + (line[i++] - '0');
    size_t start = line.rfind(' ', colon);
    start = start == std::string_view::npos ? 0 : start + 1;
    e.file = std::string(line.substr(start, colon - start));
    e.line = l;
    e.column = c;
    return;
  }
}

std::string preset_names() {
  std::string s;
  for (const sim::BoardSpec& b : sim::kBoards) s += (s.empty() ? "" : " | ") + std::string(b.name);
  return s;
}

/// The tool's own diagnostics, absolute paths mapped back to the names the user typed.
ReadError tool_error(const std::string& tool, const ProcessResult& r, const DevicetreeInput& in, const fs::path& tmp) {
  std::string text = r.stderr_text;
  for (const std::string& f : in.files) {
    const std::string abs = fs::absolute(f).lexically_normal().string();
    for (size_t at = text.find(abs); at != std::string::npos; at = text.find(abs, at + f.size())) text.replace(at, abs.size(), f);
  }
  const std::string tmps = tmp.string() + "/";
  for (size_t at = text.find(tmps); at != std::string::npos; at = text.find(tmps)) text.replace(at, tmps.size(), "<norboot>/");
  ReadError e;
  std::istringstream lines(text);
  std::vector<std::string> kept;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    if (e.line == 0 && (line.find("rror") != std::string::npos)) parse_location(line, e);
    kept.push_back(line);
  }
  if (kept.empty()) kept.push_back(fmt::format("{} failed (exit status {})", tool, r.exit_status));
  e.message = fmt::format("{}: {}", tool, kept.front());
  for (size_t i = 1; i < kept.size() && i < 6; ++i) e.message += "\n  " + kept[i];
  if (e.file.empty()) e.file = in.files.empty() ? "" : in.files.front();
  if (text.find("not found") != std::string::npos && in.board == nullptr) {
    e.hint = "an overlay refers to a label its board defines: pass --board " + preset_names();
  }
  return e;
}

bool has_dts_header(const std::string& text) { return text.find("/dts-v1/") != std::string::npos; }

/// Writes the wrapper that #includes the base and every overlay, in order.
ReadResult<fs::path> write_wrapper(const DevicetreeInput& in, const fs::path& dir) {
  std::vector<std::string> bases, overlays;
  for (const std::string& f : in.files) {
    auto text = slurp(f);
    if (!text) return std::unexpected(io_error(f, "cannot read the file"));
    (has_dts_header(*text) && bases.empty() ? bases : overlays).push_back(fs::absolute(f).lexically_normal().string());
  }
  if (bases.empty()) {
    if (in.board == nullptr) {
      ReadError e;
      e.file = in.files.empty() ? "" : in.files.front();
      e.message = "no file has a /dts-v1/ header: these are overlay fragments and need the board's devicetree";
      e.hint = "pass --board " + preset_names() + " to compile them on top of the preset's flash and chip nodes";
      return std::unexpected(e);
    }
    const fs::path base = dir / (std::string(in.board->name) + ".dts");
    std::ofstream(base) << board_base_dts(*in.board);
    bases.push_back(base.string());
  }
  const fs::path wrapper = dir / "norboot-layout.dts";
  std::ofstream w(wrapper);
  for (const auto& f : bases) w << "#include \"" << f << "\"\n";
  for (const auto& f : overlays) w << "#include \"" << f << "\"\n";
  if (!w) return std::unexpected(io_error(wrapper.string(), "cannot write a temporary file"));
  return wrapper;
}

std::vector<std::string> cpp_args(const DevicetreeInput& in, const fs::path& wrapper, const fs::path& out) {
  std::vector<std::string> a{"cpp", "-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp"};
  for (const std::string& f : in.files) a.push_back("-I" + fs::absolute(f).parent_path().string());
  for (const std::string& d : in.include_dirs) a.push_back("-I" + d);
  a.insert(a.end(), {wrapper.string(), "-o", out.string()});
  return a;
}

}  // namespace

bool is_devicetree_path(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".dts" || ext == ".dtsi" || ext == ".overlay";
}

ReadResult<std::string> compile_devicetree(const DevicetreeInput& in) {
  TempDir tmp;
  if (tmp.path().empty()) return std::unexpected(io_error("", "cannot create a temporary directory"));
  auto wrapper = write_wrapper(in, tmp.path());
  if (!wrapper) return std::unexpected(wrapper.error());
  const fs::path pre = tmp.path() / "norboot-layout.pre.dts";
  const fs::path dtb = tmp.path() / "norboot-layout.dtb";
  ProcessResult cpp = run_process(cpp_args(in, *wrapper, pre));
  if (!cpp.started) return std::unexpected(io_error("", "cannot run cpp", "install the C preprocessor (apt install cpp)"));
  if (cpp.exit_status != 0) return std::unexpected(tool_error("cpp", cpp, in, tmp.path()));
  ProcessResult dtc =
      run_process({"dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-b", "0", "-o", dtb.string(), pre.string()});
  if (!dtc.started) {
    return std::unexpected(io_error("", "cannot run dtc", "install the devicetree compiler (apt install device-tree-compiler)"));
  }
  if (dtc.exit_status != 0) return std::unexpected(tool_error("dtc", dtc, in, tmp.path()));
  auto blob = slurp(dtb);
  if (!blob) return std::unexpected(io_error(dtb.string(), "dtc wrote no output"));
  return *blob;
}

ReadResult<LayoutDesc> read_devicetree(const DevicetreeInput& in) {
  auto blob = compile_devicetree(in);
  if (!blob) return std::unexpected(blob.error());
  std::string names;
  for (const std::string& f : in.files) names += (names.empty() ? "" : ", ") + f;
  return walk_devicetree(*blob, names);
}

}  // namespace norboot::tools::layout
