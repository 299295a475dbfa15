#!/usr/bin/env node
import '../dist/bin/jps.js';
