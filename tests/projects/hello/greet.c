#include <stdio.h>
#include "hello.h"

void greet(const char *who)
{
	printf("hello, %s\n", who);
}
