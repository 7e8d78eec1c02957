#pragma once
// LayoutDesc: one neutral, host-side description of a partition map, whatever file it came from
// (devicetree, Partition Manager's pm_static.yml, norboot's board.json). Every device and area
// remembers its origin — file, node or entry, line — so a finding can say where to fix it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boot/strategy.hpp"
#include "tools/layout/read_result.hpp"

namespace norboot::tools::layout {

/// What an area is for. Only these four take part in an upgrade; kOther areas are checked for
/// overlaps and bounds only.
enum class Role : uint8_t { kBoot, kPrimary, kSecondary, kScratch, kOther };
std::string_view role_name(Role r);
/// The role a well-known partition name stands for, in any of the dialects norboot reads:
/// devicetree node labels (slot0_partition), partition `label`s (image-0), Partition Manager
/// names (mcuboot_primary) and norboot's own (primary). kOther for anything else.
Role role_from_name(std::string_view name);

inline constexpr std::string_view kInternal = "internal";
inline constexpr std::string_view kExternal = "external";

/// Where a fact came from: "file:line: where".
struct Origin {
  std::string file;
  std::string where;  // devicetree node path, pm_static.yml entry, board.json key path
  int line = 0;       // 1-based when known
  std::string describe() const;
};

struct DeviceDesc {
  std::string id;                        // kInternal or kExternal
  std::string name;                      // what the file calls it: node label, pm region, chip name
  std::optional<uint64_t> size;          // bytes, when the file says
  std::optional<uint32_t> erase_block;   // bytes, when the file says
  std::optional<uint32_t> write_block;
  bool size_in_bits = false;             // the file gave the size in bits (Zephyr jedec,spi-nor)
  Origin from;
};

struct AreaDesc {
  std::string name;      // the name the file uses (node label, pm entry, board.json name)
  std::string label;     // a second name (devicetree `label` property), may be empty
  Role role = Role::kOther;
  std::string device;    // DeviceDesc::id
  uint64_t off = 0;      // device offset
  uint64_t size = 0;
  bool container = false;  // spans other areas on purpose (pm_static.yml `span:`)
  Origin from;

  uint64_t end() const { return off + size; }
  /// How findings name the area (the name the file uses).
  std::string display() const;
};

enum class SourceKind : uint8_t { kDevicetree, kPmStatic, kBoardJson };
std::string_view source_kind_name(SourceKind k);

struct LayoutDesc {
  SourceKind kind = SourceKind::kDevicetree;
  std::string file;  // the file (devicetree: the files compiled together, comma-separated)
  std::vector<DeviceDesc> devices;
  std::vector<AreaDesc> areas;
  std::optional<std::string> board;        // a board preset the file names (board.json)
  std::optional<boot::Strategy> strategy;  // a strategy the file names (board.json)
  std::optional<uint32_t> max_align;
  std::vector<std::string> notes;          // things the reader skipped, and why
  std::vector<std::string> warnings;       // things the reader found suspicious (conflicting labels)

  const AreaDesc* find(Role r) const;
  const DeviceDesc* device(std::string_view id) const;
};

/// A file that could not be read or understood: what, where (file:line:col, node/entry).
struct ReadError {
  std::string file;
  std::string where;
  int line = 0;
  int column = 0;
  std::string message;
  std::string hint;
  bool io = false;  // the file could not be read or a tool could not run (exit 3), not bad content (1)
  std::string describe() const;
};

template <class T>
using ReadResult = BasicReadResult<T, ReadError>;

/// Flash offsets are 32-bit everywhere in norboot: an area must end at or below 4 GiB.
constexpr bool fits_32_bits(uint64_t off, uint64_t size) { return off <= 0xFFFFFFFFull && size <= 0x100000000ull - off; }

}  // namespace norboot::tools::layout
