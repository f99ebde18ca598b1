// pulumi.runtime.setMocks plus the one thing the engine does that the mock monitor does not: marking the outputs a
// resource names in additionalSecretOutputs secret in the state it returns. With it, whether an SDK output is secret
// depends on what the SDK asked for, as in a real deployment.
"use strict";

/**
 * Sets the mocks on the given copy of @pulumi/pulumi and returns what each registered resource asked to keep secret
 * (resource name -> additionalSecretOutputs). Await it before creating resources.
 */
async function installMocks(pulumi, mocks, project, stack) {
    await pulumi.runtime.setMocks(mocks, project, stack, false);
    const secretOutputsAsked = new Map();
    const monitor = pulumi.runtime.getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => registerResource(req, (err, resp) => {
        if (resp) {
            const names = req.getAdditionalsecretoutputsList();
            secretOutputsAsked.set(req.getName(), names);
            const state = resp.getObject().toJavaScript();
            for (const name of names) {
                if (name in state) state[name] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: state[name] };
            }
            resp.setObject(resp.getObject().constructor.fromJavaScript(state));
        }
        callback(err, resp);
    });
    return secretOutputsAsked;
}

/**
 * The value of an Output (known under mocks). The timer keeps the event loop alive while the runtime resolves it, as
 * the language host does in a real deployment; an Output that never resolves is an error after 20 s.
 */
function valueOf(output) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the Output did not resolve within 20 s")), 20_000);
        output.apply((value) => {
            clearTimeout(timer);
            resolve(value);
        });
    });
}

module.exports = { installMocks, valueOf };
