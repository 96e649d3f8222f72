@platform:cpr
Feature: The self-service server logs on to CPR with personkode and kendeord
  The CPR office issues the self-service provider a personkode in the security group for
  citizens (BORGER). The self-service server logs on with the personkode and its kendeord
  (Håndbog til CPR services, Bilag 9, step 1). The kendeord must be changed every 90 days;
  5 failed logons in a row lock the personkode; an idle session ends with error 07.

  Background:
    Given CPR has issued personkode "WSB00001" to the self-service provider with CVR "99000001"

  @CPR-LOG-01
  Scenario: Logon with personkode and kendeord
    When the self-service server logs on to CPR
    Then CPR accepted the logon and answered with a session token
    And the logon answer names security group "BORGER" with the events it may report

  @CPR-LOG-02
  Scenario: A wrong kendeord is refused and not retried
    Given the CPR office has reset the personkode's kendeord
    When the self-service server logs on to CPR
    Then CPR refused the logon with error "01"
    And the self-service server made no further logon attempts
    And the self-service server reported error "01" to its operator

  @CPR-LOG-03
  Scenario: A personkode locked after 5 failed logons stays locked
    Given the personkode has been locked after 5 failed logons
    When the self-service server logs on to CPR
    Then CPR refused the logon with error "12"
    And the self-service server made no further logon attempts
    And the self-service server reported error "12" to its operator

  @CPR-LOG-04
  Scenario: An expired kendeord is changed before the event is reported
    Given the kendeord of the personkode was last changed 91 days ago
    When the citizen "anna" reports a move
    Then CPR answered the logon with error "02" because the kendeord expired
    And the self-service server changed the kendeord to a new one that meets the rules
    And the event was saved in the venteregister with a receipt

  @CPR-SES-01
  Scenario: After a session timeout the self-service server logs on again
    Given the self-service server is logged on to CPR
    And 16 minutes pass without activity
    When the citizen "anna" reports a move
    Then CPR ended the idle session with error "07"
    And the self-service server logged on again and repeated the request
    And the event was saved in the venteregister with a receipt
