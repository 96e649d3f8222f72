@platform:kernel
Feature: XML input is parsed safely and validated against compiled schemas
  Every SOAP, StUF and XMeld message goes through the same guard: no DTDs, no external
  entities, no entity expansion, bounded size and depth, then XML Schema validation
  with a clear error that names the line.

  Background:
    Given the client has a valid "pkioverheid" certificate for OIN "00000099000000000501"

  @KERNEL-XML-01
  Scenario: A valid document passes and keeps leading zeros
    When the client posts the "valid" XML document
    Then the kernel accepts the document with organisation "00000099000000000501"

  @KERNEL-XML-02
  Scenario: An external entity (XXE) is refused
    When the client posts the "xxe" XML document
    Then the kernel refuses the document with code "XML_DTD_FORBIDDEN"
    And no file content leaked into the answer

  @KERNEL-XML-03
  Scenario: Entity expansion (billion laughs) is refused
    When the client posts the "billion-laughs" XML document
    Then the kernel refuses the document with code "XML_DTD_FORBIDDEN"

  @KERNEL-XML-04
  Scenario: A schema violation is reported with its line
    When the client posts the "schema-invalid" XML document
    Then the kernel answers 422 with problem code "XSD_INVALID"
    And the schema error names line 4
