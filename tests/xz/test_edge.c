void test_edge(void) {}
