// Generated code renumbers and renames its lines (issue 15 item 5).
#include <memory>
int aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 0;
int *bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb;
#line 3
std::unique_ptr<int> make(int n) { return std::make_unique<int>(n); }
#line 40 "parser.y"
int *keep(int n) { int *p = new int(n); bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb = p; return p; }
#line 7 "lexer.l"
long *Tokens;
long *token(long n) { long *q = new long(n); Tokens = q; return q; }
