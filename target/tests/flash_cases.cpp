// flash on the target: RamFlash NOR semantics, the bounds and alignment contract of Flash, Area
// offsets and error tags, and the copy loop.
#include <array>
#include <cstring>

#include "core/bytes.hpp"
#include "flash/area.hpp"
#include "flash/copy.hpp"
#include "flash/ram_flash.hpp"
#include "harness/check.hpp"

namespace norboot::target {
namespace {

constexpr flash::Geometry kGeo = flash::Geometry::uniform(4096, 8, 4);
std::array<std::byte, 8 * 4096> g_mem;

flash::RamFlash fresh() {
  flash::RamFlash f("internal", kGeo, g_mem);
  f.format();
  return f;
}

void write_ands_bits_into_existing_data(Check& c) {
  auto f = fresh();
  const std::array<std::byte, 4> first{std::byte{0xF0}, std::byte{0x0F}, std::byte{0xFF}, std::byte{0x00}};
  const std::array<std::byte, 4> second{std::byte{0x3C}, std::byte{0xFF}, std::byte{0x81}, std::byte{0xFF}};
  NB_ASSERT_OK(c, f.write(8, first));
  NB_ASSERT_OK(c, f.write(8, second));
  std::array<std::byte, 4> got{};
  NB_ASSERT_OK(c, f.read(8, got));
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(got[0]), 0x30u);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(got[1]), 0x0Fu);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(got[2]), 0x81u);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(got[3]), 0x00u);
}

void erase_restores_the_erased_value_of_whole_sectors(Check& c) {
  auto f = fresh();
  std::array<std::byte, 4096> zeros{};
  NB_ASSERT_OK(c, f.write(4096, zeros));
  NB_ASSERT_OK(c, f.erase(4096, 4096));
  std::array<std::byte, 4096> got{};
  NB_ASSERT_OK(c, f.read(4096, got));
  NB_EXPECT(c, core::all_equal(got, std::byte{0xFF}));
}

void write_past_end_refused_naming_device_and_offset(Check& c) {
  auto f = fresh();
  std::array<std::byte, 8> data{};
  auto r = f.write(8 * 4096 - 4, data);
  NB_ASSERT(c, !r);
  NB_EXPECT_EQ(c, r.error().code, core::Errc::kOutOfRange);
  NB_EXPECT_EQ(c, std::string_view(r.error().device), std::string_view("internal"));
  NB_EXPECT(c, core::all_equal(std::span(g_mem).last(4), std::byte{0xFF}));
}

void misaligned_write_and_erase_refused(Check& c) {
  auto f = fresh();
  std::array<std::byte, 4> data{};
  NB_EXPECT_ERRC(c, f.write(2, data), core::Errc::kMisaligned);
  NB_EXPECT_ERRC(c, f.write(4, std::span(data).first(3)), core::Errc::kMisaligned);
  NB_EXPECT_ERRC(c, f.erase(100, 4096), core::Errc::kMisaligned);
}

void area_offsets_are_relative_and_errors_name_the_area(Check& c) {
  auto f = fresh();
  const flash::Area a{&f, 2 * 4096, 2 * 4096, "primary"};
  const std::array<std::byte, 4> data{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
  NB_ASSERT_OK(c, a.write(4, data));
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_mem[2 * 4096 + 4]), 1u);
  auto r = a.write(2 * 4096, data);
  NB_ASSERT(c, !r);
  NB_EXPECT_EQ(c, r.error().code, core::Errc::kOutOfRange);
  NB_EXPECT_EQ(c, std::string_view(r.error().area), std::string_view("primary"));
  NB_EXPECT_EQ(c, a.sector_count(), 2u);
}

void copy_moves_bytes_between_areas_through_a_small_buffer(Check& c) {
  auto f = fresh();
  const flash::Area src{&f, 0, 4096, "src"};
  const flash::Area dst{&f, 4096, 4096, "dst"};
  std::array<std::byte, 4096> pattern;
  for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = std::byte(i * 7 + 1);
  NB_ASSERT_OK(c, src.write(0, pattern));
  std::array<std::byte, 256> buf;
  NB_ASSERT_OK(c, flash::copy(src, 0, dst, 0, 4096, buf));
  NB_EXPECT(c, std::memcmp(g_mem.data(), g_mem.data() + 4096, 4096) == 0);
}

constexpr Case kCases[] = {
    {"Flash", "Write_OverData_AndsBits", write_ands_bits_into_existing_data},
    {"Flash", "Erase_WholeSector_ReadsErasedValue", erase_restores_the_erased_value_of_whole_sectors},
    {"Flash", "Write_PastEnd_RefusedFlashUnchanged", write_past_end_refused_naming_device_and_offset},
    {"Flash", "WriteAndErase_Misaligned_Refused", misaligned_write_and_erase_refused},
    {"Flash", "Area_RelativeOffsets_ErrorsNameTheArea", area_offsets_are_relative_and_errors_name_the_area},
    {"Flash", "Copy_BetweenAreas_SmallBuffer_BytesEqual", copy_moves_bytes_between_areas_through_a_small_buffer},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
