#include <stdio.h>
#include "hello.h"

int main(int argc, char **argv)
{
	greet(argc > 1 ? argv[1] : "world");
	printf("sum of squares 1..100: %ld\n", sum_squares(100));
	return 0;
}
