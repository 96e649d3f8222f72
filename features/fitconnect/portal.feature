@platform:fitconnect
Feature: FIT-Connect self-service portal (Sender onboarding)
  Before an online service can send anything, its developer creates a Sender client on
  FITKO's self-service portal of the environment and configures the online service with
  the client id and the secret shown once. The client created there must work at the
  token endpoint of the same environment.

  Background:
    Given a destination that offers service "99123456760610" in region "DE09162" with metadata versions "1.0.0, 2.1.0"
    And an applicant has filled in the form and attached one PDF

  @FC-PRT-01
  Scenario: A Sender client created on the self-service portal gets a token and is used to submit
    Given the developer creates Sender client "Onlinedienst Musterstadt (fiktiv)" on the self-service portal
    When the system under test submits the application to the destination
    Then the Sender requested its token with client_secret_post and got one
    And the token was issued to the client created on the portal
    And the submission was sent
