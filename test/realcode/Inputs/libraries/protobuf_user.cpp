// A user of protobuf-generated code.
#include "addressbook.pb.h"
#include <string>

std::string first_name(const tutorial::AddressBook &Book) {
  if (Book.people_size() == 0)
    return "";
  return Book.people(0).name();
}

void add(tutorial::AddressBook &Book, const std::string &Name, int Id) {
  tutorial::Person *P = Book.add_people();
  P->set_name(Name);
  P->set_id(Id);
}
