import * as pulumi from "@pulumi/pulumi";
import * as ptsandbox from "@pulumi-ptsandbox/ptsandbox";
import { ScannerClient } from "./scannerClient";

const config = new pulumi.Config();

// No explicit provider: every resource and invoke below uses the default ptsandbox provider, configured by the stack
// (ptsandbox:host, ptsandbox:username, ptsandbox:password as a secret, ptsandbox:caCertificate,
// ptsandbox:insecureSkipVerify) or, for a key the stack does not set, by its PTSANDBOX_* environment variable.

// Changing rotationKey rotates both tokens on demand: ciToken in place (the old token kept valid for its grace
// period), scannerToken by replacement (new token first, old one deleted at the end of the update).
// E.g. pulumi config set rotationKey "$(date +%Y-%m-%d)".
const rotationKey = config.get("rotationKey") ?? "initial";

// 1. A token for CI, exported as a secret stack output. No name: the provider generates one (ciToken-<7 letters>, or
//    per the stack's autonaming configuration), and a new one for each token a rotation creates.
//    Rotated by the provider once 30 days old, by any `pulumi up` from 7 days before that, so a weekly scheduled
//    `pulumi up` never leaves a token older than 30 days; the token it replaces stays valid 2 more days (listed in
//    retiringTokens), then the next `pulumi up` deletes it.
const ciToken = new ptsandbox.ApiToken("ciToken", {
    permissions: [
        ptsandbox.Permission.ScanWithPredefinedSettings,
        ptsandbox.Permission.TasksViewAll,
    ],
    comment: "Used by the nightly CI scan; managed by Pulumi (project ptsandbox-typescript).",
    rotation: {
        rotateAfter: "30d",
        earlyRotationWindow: "7d",
        previousTokenLifetime: "2d",
    },
    rotationTriggers: { rotation: rotationKey },
});

// 2. A token consumed inside the program by a downstream component.
const scannerToken = new ptsandbox.ApiToken("scannerToken", {
    name: "scanner-service",
    permissions: [ptsandbox.Permission.ScanWithExtendedSettings],
    comment: "Used by the scanner service; managed by Pulumi (project ptsandbox-typescript).",
    rotationTriggers: { rotation: rotationKey },
});

const scanner = new ScannerClient("scanner", {
    sandboxUrl: ptsandbox.config.host ?? process.env.PTSANDBOX_HOST ?? "https://127.0.0.1:8443",
    // token is absent only for an imported token (the sandbox shows a secret once, at creation).
    apiKey: scannerToken.token.apply(key => {
        if (key === undefined) {
            throw new Error("scannerToken has no secret (was it imported?); bump rotationKey to replace it");
        }
        return key;
    }),
    tokenHash: scannerToken.tokenHash.apply(hash => hash ?? ""),
});

// The invoke runs once ciToken's generated name is known. It finds one token: a retiring token keeps its own name.
const sameName = ptsandbox.getApiTokensOutput({ name: ciToken.name });

export const tokenName = ciToken.name;
export const tokenId = ciToken.tokenId;
export const tokenHash = ciToken.tokenHash;
export const createdAt = ciToken.createdAt;
// When ciToken is due for rotation (30 days after createdAt).
export const rotationDueAt = ciToken.rotationDueAt;
// Replaced tokens still valid until their deleteAfter (their secrets are not kept).
export const retiringTokens = ciToken.retiringTokens;
export const tokensWithThisName = sameName.total;
// Secret: shown as [secret]; read it with `pulumi stack output apiKey --show-secrets`.
export const apiKey = ciToken.token;
export const scannerPublicApiUrl = scanner.publicApiUrl;
export const scannerTokenHash = scanner.tokenHash;
// Secret as well: it contains the scanner's key.
export const scannerSettings = scanner.settingsJson;

// Optional: a token created elsewhere, read by its id (ApiToken.get: no create, no delete; refresh reads it again).
const existingTokenId = config.get("existingTokenId") ?? "";
const existingToken = existingTokenId !== "" ? ptsandbox.ApiToken.get("existingToken", existingTokenId) : undefined;
export const existingTokenName = existingToken?.name;
export const existingTokenHash = existingToken?.tokenHash;
