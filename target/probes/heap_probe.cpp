// Deliberately breaks the device rules: a std::vector in device code allocates.
#include <vector>

int probe_heap_sum(int n) {
  std::vector<int> v(static_cast<unsigned>(n), 1);
  int s = 0;
  for (int x : v) s += x;
  return s;
}
