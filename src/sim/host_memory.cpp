#include "sim/host_memory.hpp"

#include <link.h>

#include <algorithm>
#include <vector>

namespace norboot::sim {
namespace {

int collect(dl_phdr_info* info, size_t, void* data) {
  auto& out = *static_cast<std::vector<HostRegion>*>(data);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    const bool read_only_load = ph.p_type == PT_LOAD && (ph.p_flags & PF_W) == 0;
    const bool relro = ph.p_type == PT_GNU_RELRO;
    if ((!read_only_load && !relro) || ph.p_memsz == 0) continue;
    const uintptr_t begin = info->dlpi_addr + ph.p_vaddr;
    out.push_back({begin, begin + ph.p_memsz});
  }
  return 0;
}

std::vector<HostRegion> find_read_only_regions() {
  std::vector<HostRegion> found;
  dl_iterate_phdr(collect, &found);
  std::sort(found.begin(), found.end(), [](const HostRegion& a, const HostRegion& b) { return a.begin < b.begin; });
  std::vector<HostRegion> merged;
  for (const HostRegion& r : found) {
    if (!merged.empty() && r.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

const std::vector<HostRegion>& regions() {
  static const std::vector<HostRegion> kRegions = find_read_only_regions();
  return kRegions;
}

}  // namespace

HostMemoryKind classify_host_memory(const void* p, size_t len) {
  if (len == 0) return HostMemoryKind::kRam;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t end = begin + len;
  const std::vector<HostRegion>& rs = regions();
  // The first region that ends after `begin` is the only one that can overlap it first.
  auto it = std::upper_bound(rs.begin(), rs.end(), begin, [](uintptr_t v, const HostRegion& r) { return v < r.end; });
  if (it != rs.end() && it->begin < end) return HostMemoryKind::kMcuFlash;
  return HostMemoryKind::kRam;
}

std::span<const HostRegion> host_read_only_regions() { return regions(); }

}  // namespace norboot::sim
