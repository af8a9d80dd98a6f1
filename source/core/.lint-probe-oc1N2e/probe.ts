import React from 'react';
export const x = React;
