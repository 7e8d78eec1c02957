#pragma once
// NB_BIG_RAM places a large zero-initialised array (a RAM-backed flash, an image) where it fits:
// on the mps2-an386 target the 16 MiB PSRAM (section .psram, not loaded, not zeroed: every user
// formats or fills its array before use); on the host an ordinary static.
#if defined(__arm__) && !defined(__linux__)
#define NB_BIG_RAM __attribute__((section(".psram")))
#else
#define NB_BIG_RAM
#endif
