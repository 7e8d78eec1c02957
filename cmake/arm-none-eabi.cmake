# Toolchain file for the Cortex-M4 build of norboot's device-side modules (issue 7; facts in
# ../shared/reference/cortex-m.md). Debian 12 packages: gcc-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib, qemu-system-arm. Used by target/CMakeLists.txt only; the host
# build never sees it.
#
# Flags: C++23, Thumb-2, soft float, -Os, no exceptions, no RTTI, no thread-safe statics (no
# __cxa_guard_*), no __cxa_atexit (no destructor registration), one section per function so
# --gc-sections keeps only what a program reaches. newlib-nano provides memcpy/memset/memcmp.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(NORBOOT_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT "${NORBOOT_CPU_FLAGS} -ffunction-sections -fdata-sections")
# -Wno-psabi: GCC notes that std::span's argument passing changed in GCC 7.1; irrelevant here,
# as everything is built with one compiler.
set(CMAKE_CXX_FLAGS_INIT "${NORBOOT_CPU_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics \
-fno-use-cxa-atexit -ffunction-sections -fdata-sections -Wno-psabi")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${NORBOOT_CPU_FLAGS} -nostartfiles -Wl,--gc-sections --specs=nano.specs")

find_program(NORBOOT_ARM_SIZE arm-none-eabi-size REQUIRED)
find_program(NORBOOT_ARM_NM arm-none-eabi-nm REQUIRED)
find_program(NORBOOT_QEMU_ARM qemu-system-arm)

# ctest boots each test ELF on an emulated Cortex-M4 (MPS2 AN386). The runner's verdict is the
# QEMU exit status (semihosting SYS_EXIT_EXTENDED); semihosting text goes to stderr.
if(NORBOOT_QEMU_ARM)
  set(CMAKE_CROSSCOMPILING_EMULATOR
      ${NORBOOT_QEMU_ARM} -M mps2-an386 -nographic -monitor none
      -semihosting-config enable=on,target=native -kernel)
endif()

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
