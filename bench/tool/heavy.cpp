// A translation unit that includes heavy standard headers and instantiates a
// fair amount of template code: the "real C++" case for the speed ratio.
#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

struct Order {
  std::string Customer;
  std::vector<double> Lines;
  std::map<std::string, int> Tags;
};

static std::vector<Order> parse(std::istream &In) {
  std::vector<Order> Orders;
  std::regex Line(R"((\w+):([0-9.,]+))");
  std::string Text;
  while (std::getline(In, Text)) {
    std::smatch M;
    if (!std::regex_match(Text, M, Line))
      continue;
    Order O;
    O.Customer = M[1];
    std::stringstream Amounts(M[2]);
    std::string Amount;
    while (std::getline(Amounts, Amount, ','))
      O.Lines.push_back(std::stod(Amount));
    O.Tags[O.Customer.substr(0, 1)]++;
    Orders.push_back(std::move(O));
  }
  return Orders;
}

int main() {
  auto Orders = parse(std::cin);
  std::unordered_map<std::string, double> Totals;
  for (const Order &O : Orders)
    for (double L : O.Lines)
      Totals[O.Customer] += L;
  std::vector<std::pair<std::string, double>> Sorted(Totals.begin(), Totals.end());
  std::sort(Sorted.begin(), Sorted.end(),
            [](const auto &A, const auto &B) { return A.second > B.second; });
  auto Shared = std::make_shared<std::vector<std::string>>();
  std::function<void(const std::string &)> Add = [&](const std::string &S) {
    Shared->push_back(S);
  };
  for (const auto &[Name, Total] : Sorted)
    Add(Name);
  for (const auto &S : *Shared)
    std::cout << S << '\n';
}
