# protoc-c 1.4 does not advertise proto3 `optional` support, so protoc
# refuses to hand it such files. A proto3 optional field is, by definition,
# a field alone in a synthetic oneof named "_<field>", which is identical on
# the wire and keeps presence; rewrite it that way for protoc-c only. The
# checked-in .proto files keep the official spelling.
#
#   cmake -DIN=src.proto -DOUT=dst.proto -P proto3_optional.cmake
file(READ ${IN} _text)
string(REGEX REPLACE
  "([ \t]+)optional[ \t]+([A-Za-z0-9_.]+)[ \t]+([A-Za-z0-9_]+)[ \t]*=[ \t]*([0-9]+)[ \t]*;"
  "\\1oneof _\\3 { \\2 \\3 = \\4; }" _text "${_text}")
file(WRITE ${OUT}.tmp "${_text}")
# Leaves OUT untouched when unchanged, so protoc-c does not rerun.
configure_file(${OUT}.tmp ${OUT} COPYONLY)
file(REMOVE ${OUT}.tmp)
