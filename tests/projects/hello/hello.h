#ifndef HELLO_H
#define HELLO_H

void greet(const char *who);
long sum_squares(int n);

#endif
