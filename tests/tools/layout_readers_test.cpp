// Layout readers: numbers, pm_static.yml, board.json, devicetree (cpp + dtc + libfdt), and what
// each says about bad input.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tools/layout/board_json_reader.hpp"
#include "tools/layout/devicetree_reader.hpp"
#include "tools/layout/layout_files.hpp"
#include "tools/layout/number.hpp"
#include "tools/layout/pm_static_reader.hpp"

namespace norboot::tools::layout::layout_readers_test {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return (fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "layout" / name).string();
}

const sim::BoardSpec* board(std::string_view name) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

/// Writes `text` to a fresh file in the test's temp dir and returns its path.
std::string temp_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("norboot-layout-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << text;
  return p.string();
}

const AreaDesc& area(const LayoutDesc& l, Role r) {
  const AreaDesc* a = l.find(r);
  EXPECT_NE(a, nullptr) << role_name(r);
  static const AreaDesc none;
  return a ? *a : none;
}

TEST(LayoutNumber, ParseNumber_HexDecimalAndSuffixes_Accepted) {
  EXPECT_EQ(parse_number("0xC000"), 0xC000u);
  EXPECT_EQ(parse_number("0XC000"), 0xC000u);
  EXPECT_EQ(parse_number("49152"), 49152u);
  EXPECT_EQ(parse_number(" 48K "), 48u * 1024);
  EXPECT_EQ(parse_number("4MiB"), 4u << 20);
  EXPECT_EQ(parse_number("0x10KiB"), 16u * 1024);
}

TEST(LayoutNumber, ParseNumber_Garbage_Refused) {
  for (const char* bad : {"", "0x", "big", "0x35000x", "-1", "+5", "12 34", "0x1ffffffffffffffff", "99999999999999999999", "1K5"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
  }
}

TEST(LayoutPmStatic, Fixture_RolesDevicesAndContainers) {
  auto text = read_text_file(fixture("nrf52833-mx25r3235f.pm_static.yml"));
  ASSERT_TRUE(text);
  auto l = read_pm_static(*text, "pm_static.yml");
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(area(*l, Role::kBoot).size, 0xC000u);
  EXPECT_EQ(area(*l, Role::kPrimary).off, 0xC000u);
  EXPECT_EQ(area(*l, Role::kPrimary).size, 0x74000u);
  EXPECT_TRUE(area(*l, Role::kPrimary).container);
  EXPECT_EQ(area(*l, Role::kSecondary).device, kExternal);
  EXPECT_EQ(area(*l, Role::kSecondary).size, 0x76000u);
  EXPECT_EQ(area(*l, Role::kScratch).off, 0x76000u);
  // sram_primary is not flash: skipped, with a note saying so.
  for (const AreaDesc& a : l->areas) EXPECT_NE(a.name, "sram_primary");
  ASSERT_FALSE(l->notes.empty());
  EXPECT_NE(l->notes.front().find("sram_primary"), std::string::npos);
}

TEST(LayoutPmStatic, SizeNotANumber_ErrorNamesEntryKeyAndLine) {
  auto l = read_pm_static("mcuboot:\n  address: 0x0\n  size: 0xc000\nmcuboot_primary:\n  address: 0xc000\n  size: lots\n",
                          "pm.yml");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().where, "mcuboot_primary.size");
  EXPECT_EQ(l.error().line, 6);
  EXPECT_NE(l.error().message.find("'lots' is not a number"), std::string::npos);
  EXPECT_FALSE(l.error().io);
}

TEST(LayoutPmStatic, EndAddressDisagreesWithSize_Refused) {
  auto l = read_pm_static("mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\n  end_address: 0x70000\n", "pm.yml");
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message.find("0x80000"), std::string::npos) << l.error().message;
}

TEST(LayoutPmStatic, SyntaxError_ReportsLine) {
  auto l = read_pm_static("mcuboot:\n  address: [0x0\n  size: 0xc000\n", "pm.yml");
  ASSERT_FALSE(l);
  EXPECT_GT(l.error().line, 0);
}

TEST(LayoutPmStatic, ShapesThatAreNotAMap_Refused) {
  for (const char* bad : {"- a\n- b\n", "just text\n", "mcuboot: 5\n", "mcuboot:\n  size: 0x1000\n", "mcuboot:\n  address: 0\n",
                          "? [a, b]\n: {address: 0, size: 1}\n"}) {
    EXPECT_FALSE(read_pm_static(bad, "pm.yml")) << bad;
  }
}

TEST(LayoutPmStatic, EmptyDocument_Refused) { EXPECT_FALSE(read_pm_static("", "pm.yml")); }

TEST(LayoutBoardJson, Fixture_AreasAndSettings) {
  auto text = read_text_file(fixture("stm32f4-w25q128jv.board.json"));
  ASSERT_TRUE(text);
  auto l = read_board_json(*text, "board.json");
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(l->board, "stm32f4-w25q128jv");
  EXPECT_EQ(l->strategy, boot::Strategy::kSwapPipeline);
  EXPECT_EQ(l->max_align, 8u);
  EXPECT_EQ(area(*l, Role::kPrimary).off, 0x8000u);
  EXPECT_EQ(area(*l, Role::kScratch).size, 0x20000u);
}

TEST(LayoutBoardJson, ObjectFormAndNumbers_Accepted) {
  auto l = read_board_json(R"({"layout": {"primary": {"device": "internal", "off": 49152, "size": "0x74000"},
                                           "secondary": {"device": "external", "address": "0", "size": "472K"}},
                               "devices": {"internal": {"size": "512K", "sector_size": 4096, "write_block": 4},
                                           "external": {"size": "4M"}}})",
                           "b.json");
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(area(*l, Role::kPrimary).off, 0xC000u);
  EXPECT_EQ(area(*l, Role::kSecondary).size, 472u * 1024);
  ASSERT_NE(l->device(kInternal), nullptr);
  EXPECT_EQ(l->device(kInternal)->erase_block, 4096u);
}

TEST(LayoutBoardJson, BadInput_ErrorsNameThePath) {
  struct Case {
    const char* json;
    const char* where;
  };
  const Case cases[] = {
      {R"({"layout": [{"name": "primary", "device": "internal", "offset": "zero", "size": 1}]})", "layout[0].offset"},
      {R"({"layout": [{"name": "primary", "device": "moon", "offset": 0, "size": 1}]})", "layout[0].device"},
      {R"({"layout": [{"name": "primary", "device": "internal", "offset": 0}]})", "layout[0].size"},
      {R"({"layout": [{"name": "primary", "device": "internal", "offset": -4096, "size": 1}]})", "layout[0].offset"},
      {R"({"strategy": "swap-fast", "board": "x"})", "strategy"},
      {R"({"board": 7})", "board"},
      {R"({"max_align": "eight", "board": "x"})", ".max_align"},
      {R"([1, 2])", ""},
      {R"({"colour": "blue"})", ""},
  };
  for (const Case& c : cases) {
    auto l = read_board_json(c.json, "b.json");
    ASSERT_FALSE(l) << c.json;
    EXPECT_EQ(l.error().where, c.where) << c.json << " → " << l.error().describe();
  }
}

TEST(LayoutBoardJson, NumberTooLargeForADouble_RefusedNamingTheFile) {
  // Found by layout_board_json_fuzz: nlohmann's parser throws out_of_range, not parse_error, here.
  for (const char* text : {"25E857", R"({"layout": [{"name": "primary", "size": 1E400}]})"}) {
    auto l = read_board_json(text, "b.json");
    ASSERT_FALSE(l) << text;
    EXPECT_NE(l.error().describe().find("b.json"), std::string::npos) << l.error().describe();
    EXPECT_NE(l.error().describe().find("number overflow"), std::string::npos) << l.error().describe();
  }
}

TEST(LayoutBoardJson, SyntaxError_ReportsLine) {
  auto l = read_board_json("{\n\"board\": \"x\",\n\"layout\": [\n}\n", "b.json");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().line, 4);
}

TEST(LayoutDevicetree, MotivatingOverlayOnBoard_SlotsScratchAndChipSize) {
  auto l = read_devicetree({{fixture("motivating.overlay")}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(area(*l, Role::kBoot).size, 0xC000u);
  EXPECT_EQ(area(*l, Role::kPrimary).name, "slot0_partition");
  EXPECT_EQ(area(*l, Role::kPrimary).label, "image-0");
  EXPECT_EQ(area(*l, Role::kPrimary).off, 0xC000u);
  EXPECT_EQ(area(*l, Role::kPrimary).size, 0x35000u);
  EXPECT_EQ(area(*l, Role::kSecondary).device, kExternal);
  EXPECT_EQ(area(*l, Role::kSecondary).size, 0x73000u);
  EXPECT_EQ(area(*l, Role::kScratch).off, 0x73000u);
  ASSERT_NE(l->device(kExternal), nullptr);
  EXPECT_EQ(l->device(kExternal)->name, "mx25r32");
  EXPECT_EQ(l->device(kExternal)->size, 4u << 20);  // size = <0x2000000> bits
  EXPECT_TRUE(l->device(kExternal)->size_in_bits);
  ASSERT_NE(l->device(kInternal), nullptr);
  EXPECT_EQ(l->device(kInternal)->erase_block, 4096u);
  EXPECT_NE(area(*l, Role::kPrimary).from.where.find("partition@c000"), std::string::npos);
}

TEST(LayoutDevicetree, FullTreeWithInclude_NeedsNoBoard) {
  auto l = read_devicetree({{fixture("motivating-board.dts")}, {}, nullptr});
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(area(*l, Role::kPrimary).size, 0x74000u);
  EXPECT_EQ(l->device(kInternal)->size, 0x80000u);
  EXPECT_EQ(l->device(kInternal)->write_block, 4u);
}

TEST(LayoutDevicetree, PresetBasesCompileForEveryBoard) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    auto l = read_devicetree({{fixture(std::string(b.name) + ".overlay")}, {}, &b});
    ASSERT_TRUE(l) << b.name << ": " << l.error().describe();
    EXPECT_NE(l->find(Role::kPrimary), nullptr) << b.name;
    EXPECT_EQ(l->device(kExternal)->size, sim::nor_geometry(b.chip).size) << b.name;
  }
}

TEST(LayoutDevicetree, FragmentWithoutBoard_AsksForBoard) {
  auto l = read_devicetree({{fixture("motivating.overlay")}, {}, nullptr});
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().hint.find("--board"), std::string::npos);
  EXPECT_NE(l.error().hint.find("nrf52833-mx25r3235f"), std::string::npos);
}

TEST(LayoutDevicetree, UnknownLabel_DtcMessageAndLocation) {
  const std::string f = temp_file("unknown-label.overlay",
                                  "/* line 1 */\n&mx25r99 {\n\tpartitions { compatible = \"fixed-partitions\"; };\n};\n");
  auto l = read_devicetree({{f}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message.find("dtc:"), std::string::npos) << l.error().message;
  EXPECT_NE(l.error().message.find("mx25r99"), std::string::npos) << l.error().message;
  EXPECT_EQ(l.error().file, f);
  EXPECT_EQ(l.error().line, 2);
  EXPECT_FALSE(l.error().io);
}

TEST(LayoutDevicetree, SyntaxError_DtcMessageAndLocation) {
  const std::string f = temp_file("syntax.overlay", "&flash0 {\n\tpartitions {\n\t\treg = <0x0 0x1000>\n\t};\n};\n");
  auto l = read_devicetree({{f}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message.find("syntax error"), std::string::npos) << l.error().message;
  EXPECT_EQ(l.error().file, f);
  EXPECT_EQ(l.error().line, 4);
}

TEST(LayoutDevicetree, MissingInclude_PreprocessorMessage) {
  const std::string f = temp_file("inc.dts", "/dts-v1/;\n#include \"no-such-file.dtsi\"\n/ { };\n");
  auto l = read_devicetree({{f}, {}, nullptr});
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message.find("cpp:"), std::string::npos);
  EXPECT_NE(l.error().message.find("no-such-file.dtsi"), std::string::npos);
  EXPECT_EQ(l.error().line, 2);
}

TEST(LayoutDevicetree, RegWithWrongCellCount_NamesTheNode) {
  const std::string f = temp_file("cells.overlay",
                                  "&flash0 { partitions { compatible = \"fixed-partitions\"; #address-cells = <1>; "
                                  "#size-cells = <1>;\n slot0_partition: partition@c000 { reg = <0xc000>; }; }; };\n");
  auto l = read_devicetree({{f}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().where.find("partition@c000"), std::string::npos);
  EXPECT_NE(l.error().message.find("reg has 4 bytes, expected 8"), std::string::npos) << l.error().message;
}

TEST(LayoutDevicetree, NodeLabelAndLabelDisagree_WarnsNodeLabelWins) {
  const std::string f = temp_file("conflict.overlay",
                                  "&flash0 { partitions { compatible = \"fixed-partitions\"; #address-cells = <1>; "
                                  "#size-cells = <1>;\n slot0_partition: partition@c000 { label = \"image-1\"; "
                                  "reg = <0xc000 0x1000>; }; }; };\n");
  auto l = read_devicetree({{f}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_TRUE(l) << l.error().describe();
  EXPECT_EQ(area(*l, Role::kPrimary).size, 0x1000u);
  ASSERT_EQ(l->warnings.size(), 1u);
  EXPECT_NE(l->warnings[0].find("node label wins"), std::string::npos);
}

TEST(LayoutDevicetree, UnknownPartitionLabels_KeptAsOtherAreas) {
  const std::string f = temp_file("other.overlay",
                                  "&flash0 { partitions { compatible = \"fixed-partitions\"; #address-cells = <1>; "
                                  "#size-cells = <1>;\n storage_partition: partition@7e000 { label = \"storage\"; "
                                  "reg = <0x7e000 0x2000>; }; }; };\n");
  auto l = read_devicetree({{f}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_TRUE(l) << l.error().describe();
  ASSERT_EQ(l->areas.size(), 1u);
  EXPECT_EQ(l->areas[0].role, Role::kOther);
  EXPECT_EQ(l->areas[0].name, "storage_partition");
}

TEST(LayoutFiles, UnreadableFile_IsAnIoError) {
  auto l = read_layout_files({{"/nonexistent/pm_static.yml"}, {}, nullptr});
  ASSERT_FALSE(l);
  EXPECT_TRUE(l.error().io);
  EXPECT_NE(l.error().message.find("cannot open"), std::string::npos);
  auto d = read_layout_files({{fs::temp_directory_path().string()}, {}, nullptr});
  ASSERT_FALSE(d);
  EXPECT_TRUE(d.error().io);
}

TEST(LayoutFiles, KindsByExtension_OverlaysCompiledTogether) {
  auto l = read_layout_files({{fixture("motivating.overlay"), fixture("motivating.pm_static.yml")}, {}, board("nrf52833-mx25r3235f")});
  ASSERT_TRUE(l) << l.error().describe();
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[0].kind, SourceKind::kPmStatic);
  EXPECT_EQ((*l)[1].kind, SourceKind::kDevicetree);
}

}  // namespace
}  // namespace norboot::tools::layout::layout_readers_test
