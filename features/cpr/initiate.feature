@platform:cpr
Feature: The self-service server initiates an event with the right keys
  An event is initiated with the keys hændelseskode, personnummer, hændelsesdato and
  kommune (Bilag 9, step 2). CPR answers with the stamoplysninger and the person's
  current data for the event, or with an error that says what is wrong. The
  self-service server must stop the event and tell the citizen.

  Background:
    Given CPR has issued personkode "WSB00001" to the self-service provider with CVR "99000001"

  @CPR-INI-01
  Scenario: Initiating a move returns the stamoplysninger and the current address
    When the citizen "anna" reports a move
    Then CPR returned the stamoplysninger of "anna" and the current data for the move
    And the self-service server showed the citizen their name, address and status

  @CPR-INI-02
  Scenario: A CPR number that is not in the register
    When a citizen whose CPR number is not in the register reports a move
    Then CPR refused the initiation with error "05"
    And the self-service server stopped the event and told the citizen error "05"

  @CPR-INI-03
  Scenario: A kommune that is not the person's home municipality
    When the citizen "anna" reports a move giving the keys:
      | KOMMUNEKODE | 0751 |
    Then CPR refused the initiation with error "21"
    And the self-service server stopped the event and told the citizen error "21"

  @CPR-INI-04
  Scenario: An event the citizens' security group may not report
    When the citizen "anna" reports event "DOED"
    Then CPR refused the initiation with error "99"
    And the self-service server stopped the event and told the citizen error "99"

  @CPR-INI-05
  Scenario: A person with name and address protection
    When the citizen "gustav" reports a move
    Then CPR refused the initiation with error "22"
    And the self-service server stopped the event and told the citizen error "22"

  @CPR-INI-06
  Scenario Outline: A person whose status prevents the event (<status>)
    When the citizen "<citizen>" reports a move
    Then CPR refused the initiation with error "23"
    And the self-service server stopped the event and told the citizen error "23"

    Examples:
      | citizen | status           |
      | dorte   | 90 dead          |
      | erik    | 70 disappeared   |
      | frida   | 80 emigrated     |

  @CPR-INI-07
  Scenario: An event date outside the allowed interval
    When the citizen "anna" reports a move giving the keys:
      | HAENDELSESDATO | today-40 |
    Then CPR refused the initiation with error "24"
    And the self-service server stopped the event and told the citizen error "24"
