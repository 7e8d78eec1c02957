#include "tools/layout/layout_files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tools/layout/board_json_reader.hpp"
#include "tools/layout/devicetree_reader.hpp"
#include "tools/layout/pm_static_reader.hpp"

namespace norboot::tools::layout {
namespace fs = std::filesystem;
namespace {

enum class Kind { kDevicetree, kYaml, kJson };

Kind kind_of(const std::string& path, const std::string& text) {
  if (is_devicetree_path(path)) return Kind::kDevicetree;
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".yml" || ext == ".yaml") return Kind::kYaml;
  if (ext == ".json") return Kind::kJson;
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') return Kind::kJson;
  if (text.find("/dts-v1/") != std::string::npos || text.find("compatible") != std::string::npos) return Kind::kDevicetree;
  return Kind::kYaml;
}

}  // namespace

ReadResult<std::string> read_text_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return std::unexpected(ReadError{path, "", 0, 0, "is a directory, not a layout file", "", true});
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::unexpected(ReadError{path, "", 0, 0, std::string("cannot open: ") + std::strerror(errno), "", true});
  std::ostringstream s;
  s << f.rdbuf();
  if (f.bad()) return std::unexpected(ReadError{path, "", 0, 0, "read failed", "", true});
  return s.str();
}

ReadResult<std::vector<LayoutDesc>> read_layout_files(const LayoutFiles& in) {
  std::vector<LayoutDesc> out;
  DevicetreeInput dts{{}, in.include_dirs, in.board};
  for (const std::string& f : in.files) {
    auto text = read_text_file(f);
    if (!text) return std::unexpected(text.error());
    switch (kind_of(f, *text)) {
      case Kind::kDevicetree:
        dts.files.push_back(f);
        break;
      case Kind::kYaml: {
        auto l = read_pm_static(*text, f);
        if (!l) return std::unexpected(l.error());
        out.push_back(std::move(*l));
        break;
      }
      case Kind::kJson: {
        auto l = read_board_json(*text, f);
        if (!l) return std::unexpected(l.error());
        out.push_back(std::move(*l));
        break;
      }
    }
  }
  if (!dts.files.empty()) {
    auto l = read_devicetree(dts);
    if (!l) return std::unexpected(l.error());
    out.push_back(std::move(*l));
  }
  return out;
}

}  // namespace norboot::tools::layout
