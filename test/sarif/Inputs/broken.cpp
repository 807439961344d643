// Does not compile: the unit fails, the others are still reported.
int broken( {
