# Turns docs/api/openapi.json into a C++ source so /openapi.json always matches the binary.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "#include \"app/resources.hpp\"\nnamespace irtc::app {\nconst std::string& openApiDocument() {\n  static const std::string kDocument = R\"irtc_openapi(${content})irtc_openapi\";\n  return kDocument;\n}\n}  // namespace irtc::app\n")
