import { describeHealthRoute } from '@cafe/testkit/health-suite';

// GET /healthz of the built projector (the contract shared by api, realtime and projector).
describeHealthRoute('projector', 'agentcafe-projector');
