@platform:fitconnect
Feature: FIT-Connect Sender obligations (Onlinedienst)
  An online service that sends applications through FIT-Connect must get its own access
  token, find and check the destination and its key, announce and upload attachments,
  encrypt everything for the destination, describe it in valid metadata with SHA-512
  hashes, send only a complete submission, trust only verified events, and verify the
  callbacks it receives. The suite runs on the test and on the reference (refz)
  environment; each scenario is one item of the Sender checklist.

  Background:
    Given a destination that offers service "99123456760610" in region "DE09162" with metadata versions "1.0.0, 2.1.0"
    And the system under test is registered as Sender client "Onlinedienst Musterstadt (fiktiv)"
    And an applicant has filled in the form and attached one PDF

  @FC-SND-01
  Scenario: The Sender gets its access token with client_secret_post
    When the system under test submits the application to the destination
    Then the Sender requested its token with client_secret_post and got one
    And the Sender used the token for the Submission API

  @FC-SND-02
  Scenario: A refused token request stops the Sender
    Given the Sender client's secret was rotated on the self-service portal after the system under test was configured
    When the system under test submits the application to the destination
    Then the token request was refused with "invalid_client"
    And the system under test reported that it could not submit
    And the Sender made no Submission API call after its token was refused

  @FC-SND-03
  Scenario: The Sender looks up the destination and its encryption key before announcing
    When the system under test submits the application to the destination
    Then the Sender read the destination and its current encryption key before announcing the submission
    And the submission was sent

  @FC-SND-04
  Scenario: The Sender refuses a destination key that does not chain to the FIT-Connect trust root
    Given a destination whose encryption key certificate was issued by an unknown CA
    When the system under test submits the application to the destination
    Then the system under test reported that it could not submit
    And no submission was sent

  @FC-SND-05
  Scenario: The Sender selects the offered service and an accepted submission schema
    When the system under test submits the application to the destination
    Then the submission was announced for service "urn:de:fim:leika:leistung:99123456760610"
    And the metadata names a submission schema the destination accepts for that service

  @FC-SND-06
  Scenario: The Sender uploads exactly the attachments it announced
    When the system under test submits the application to the destination
    Then every announced attachment was uploaded, and nothing that was not announced
    And the submission was sent

  @FC-SND-07
  Scenario: Metadata, data and attachments are encrypted for the destination's key
    When the system under test submits the application to the destination
    Then every JWE has alg "RSA-OAEP-256", enc "A256GCM", a cty and the destination's kid
    And the submission was sent

  @FC-SND-08
  Scenario: The metadata follows a schema version the destination accepts
    When the system under test submits the application to the destination
    Then the submission was sent
    And the metadata declared a schema version the destination accepts and validated against it

  @FC-SND-09
  Scenario: The SHA-512 hashes in the metadata match the data and the attachments
    When the system under test submits the application to the destination
    Then the submission was sent
    And no hash in the metadata differed from the decrypted content

  @FC-SND-10
  Scenario: The Sender sends the submission only when all attachments are uploaded
    When the system under test submits the application to the destination
    Then the submission was sent only after every announced attachment was uploaded

  @FC-SND-11
  Scenario: The Sender reads the event log and verifies every event
    When the system under test submits the application to the destination
    Then the Sender read the case's event log and fetched the platform's signing keys
    And the system under test reports the submission as "accepted" with every event verified

  @FC-SND-12
  Scenario: The Sender does not trust a forged event
    Given the destination decides about submissions manually
    And the platform serves a forged accept-submission event in the event log
    When the system under test submits the application to the destination
    Then the Sender read the case's event log and fetched the platform's signing keys
    And the system under test reports the forged event as not verified
    And the system under test reports the submission as "submitted"

  @FC-SND-13
  Scenario: The Sender recognises a rejected submission and its problems
    Given the destination rejects submissions with the problem "schema-violation"
    When the system under test submits the application to the destination
    Then the system under test reports the submission as "rejected" with the problem "schema-violation"

  @FC-SND-14
  Scenario: The Sender refuses a callback with a wrong HMAC
    Given the platform signs the first attempt of each callback with a wrong secret
    When the system under test submits the application and registers its callback endpoint
    Then the callback attempts with a wrong HMAC were refused by the system under test
    And a correctly signed callback was accepted by the system under test

  @FC-SND-15
  Scenario: The Sender refuses a stale callback
    Given the platform stamps the first attempt of each callback 10 minutes in the past
    When the system under test submits the application and registers its callback endpoint
    Then the callback attempts with a stale timestamp were refused by the system under test
    And a correctly signed callback was accepted by the system under test

  @FC-SND-16
  Scenario: The Sender finds the destination with the routing API
    When the system under test submits the application, finding the destination for ARS "091620000000" by routing
    Then the Sender looked up routes for LeiKa key "99123456760610" and ARS "091620000000"
    And the submission was announced to the destination the routing API returned
    And the submission was sent

  @FC-SND-17
  Scenario: The Sender does not keep using an expired access token
    Given the system under test has already submitted one application with its access token
    And 31 minutes have passed on the platform, so that access token has expired
    When the system under test submits the application to the destination
    Then the Sender got a new access token before the Submission API accepted its calls again
    And the submission was sent after the token expired

  @FC-SND-18
  Scenario: The Sender refuses a destination key that is not meant for key wrapping
    Given the destination's encryption key is published with key_ops "verify" instead of "wrapKey"
    When the system under test submits the application to the destination
    Then the system under test reported that it could not submit
    And no submission was sent
