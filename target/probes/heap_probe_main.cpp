int probe_heap_sum(int n);
int main() { return probe_heap_sum(3) == 3 ? 0 : 1; }
